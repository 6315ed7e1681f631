"""A batch of calls with a progress bar: ``client.run_many``.

Run it with ``python examples/batch_progress.py``. It serves a simulator on 127.0.0.1 that takes
20 ms per answer, creates 120 agents, then fetches them all back (plus one id that does not exist)
with at most 16 calls in flight, drawing progress as the answers arrive.

``run_many`` returns one ``Result`` per call, in the order the calls were given; a failure never
stops the others and nothing raises. ``progress=True`` draws a bar on stderr when it is a
terminal; ``on_progress`` hands you each :class:`~mosaia.executors.Progress` to draw your own, as
here (it works in a pipe or a log too).
"""

from __future__ import annotations

import sys
import time

from returns.result import Failure, Success

from mosaia import Mosaia
from mosaia.api import agents
from mosaia.batch import Progress
from mosaia.testing import Faults, Simulator, SimulatorServer
from mosaia.types import Agent

COUNT = 120
WIDTH = 40


def draw(progress: Progress) -> None:
    """One progress line, redrawn in place on a terminal and printed at each 25% otherwise."""
    filled = WIDTH * progress.done // progress.total
    line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {progress.done}/{progress.total}"
    if progress.failed:
        line += f" ({progress.failed} failed)"
    if sys.stdout.isatty():
        print("\r" + line, end="\n" if progress.done == progress.total else "", flush=True)
    elif progress.done * 4 % progress.total < 4 or progress.done == progress.total:
        print(line, flush=True)


def main() -> None:
    simulator = Simulator(faults=Faults(latency=0.02))  # 20 ms a request, like a nearby server
    with SimulatorServer(simulator) as server:
        client = Mosaia(server.config())

        # Calls are values: build them all first. Each create carries an idempotency key, which
        # makes it safe for the retry policy to resend a POST whose answer was lost.
        creates = [
            agents.create(
                name=f"Agent {n:03}", short_description="batch demo"
            ).with_idempotency_key(f"batch-demo-{n}")
            for n in range(COUNT)
        ]
        print(f"creating {COUNT} agents, 16 at a time")
        created = client.run_many(creates, concurrency=16, on_progress=draw)
        made = [result.unwrap() for result in created]

        targets: list[Agent | str] = [*made[:60], "missing", *made[60:]]
        fetches = [agents.get_by_id(target) for target in targets]
        print(f"fetching {len(fetches)} agents back, 16 at a time, at most 500 starts a second")
        started = time.perf_counter()
        results = client.run_many(fetches, concurrency=16, rate_limit=500, on_progress=draw)
        elapsed = time.perf_counter() - started

    ok = [r.unwrap() for r in results if isinstance(r, Success)]
    failed = [(i, r.failure()) for i, r in enumerate(results) if isinstance(r, Failure)]
    print(f"{len(results)} calls in {elapsed:.2f} s: {len(ok)} ok, {len(failed)} failed")
    for index, error in failed:
        print(f"  call {index}: {type(error).__name__}: {error.message}")
    in_order = [agent.name for agent in ok] == [f"Agent {n:03}" for n in range(COUNT)]
    print(f"results come back in the order the calls were given: {in_order}")
    raise SystemExit(0 if in_order and len(failed) == 1 else 1)


if __name__ == "__main__":
    main()

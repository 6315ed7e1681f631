"""Scenario 4: a batch of calls against a server that takes 20 ms to answer each, at several
concurrencies: throughput, and how close it comes to the ideal ``concurrency / latency``.

The contender is ``client.run_many(calls, concurrency=c)`` with the default client. For context
the same batch is also run by a plain thread pool over raw urllib3 (no SDK, no decoding), which
shows what the interpreter itself allows at that concurrency.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import urllib3
from returns.pipeline import is_successful

from benchmarks import peers
from benchmarks.fetch import sdk_client
from benchmarks.harness import ServerProcess, Stats, Usage
from benchmarks.plan import Plan
from benchmarks.profiling import profile
from benchmarks.results import Row, Scenario, Target, fmt, fmt_stats
from mosaia.api import agents

TARGET = 0.8
#: A client using at least this share of one core is CPU-bound: the GIL allows no more.
CPU_BOUND = 0.85


def batch(server: ServerProcess, plan: Plan) -> Scenario:
    """Run ``plan.batch_calls`` calls at each concurrency, ``plan.batch_rounds`` times."""
    title = f"Batch: {plan.batch_calls:,} calls, {plan.latency_ms:.0f} ms server latency"
    client = sdk_client(server)
    run_many = getattr(client, "run_many", None)
    if run_many is None:
        return Scenario(
            key="4",
            title=title,
            status="unavailable",
            note="not available yet: `client.run_many` does not exist",
        )
    delay = {"delay_ms": f"{plan.latency_ms:g}"}
    calls = [agents.get_by_id(f"a{i}", delay) for i in range(plan.batch_calls)]
    url = server.api_url + f"/agent/a1?delay_ms={plan.latency_ms:g}"
    pool = urllib3.PoolManager(maxsize=64, retries=False)

    def sdk(concurrency: int, count: int) -> None:
        results = run_many(calls[:count], concurrency=concurrency)
        failed = [r for r in results if not is_successful(r)]
        if len(results) != count or failed:
            raise RuntimeError(f"run_many: {len(failed)} of {len(results)} failed: {failed[:1]}")

    def threads(concurrency: int, count: int) -> None:
        def fetch(_: int) -> bytes:
            return pool.request("GET", url, headers=peers.HEADERS).data

        with ThreadPoolExecutor(concurrency) as workers:
            list(workers.map(fetch, range(count)))

    rows: list[Row] = []
    usages: dict[int, Usage] = {}
    for concurrency in plan.concurrencies:
        ideal = concurrency / (plan.latency_ms / 1000)
        contenders: list[tuple[str, Callable[[int, int], None]]] = [("mosaia run_many", sdk)]
        if concurrency > 1:
            contenders.append(("threads + raw urllib3", threads))
        # At concurrency 1 a round is latency x calls long and varies little: one is enough.
        rounds = 1 if concurrency == 1 else plan.batch_rounds
        for label, runner in contenders:
            runner(concurrency, 2 * concurrency)  # warm: open the connections first
            run = partial(runner, concurrency, plan.batch_calls)
            rates, use = _rounds(server, run, plan.batch_calls, rounds)
            rows.append(
                Row(
                    label=f"{label}, concurrency {concurrency}",
                    value=rates,
                    unit="calls/s",
                    ratio=Stats(rates.median / ideal, rates.low / ideal, rates.high / ideal),
                    usage=use,
                    note=f"ideal {fmt(ideal)}/s",
                )
            )
            if label.startswith("mosaia"):
                usages[concurrency] = use
    pool.clear()
    top = max(plan.concurrencies)
    mine = next(r for r in rows if r.label == f"mosaia run_many, concurrency {top}")
    assert mine.ratio is not None
    met = mine.ratio.median >= TARGET
    cpu_bound = usages[top].client >= CPU_BOUND
    scenario = Scenario(
        key="4",
        title=title,
        reference="ideal = concurrency / latency",
        rows=rows,
        targets=[
            Target(
                text=f"≥ {TARGET} of ideal at concurrency {top} (or CPU-bound, with profile)",
                measured=fmt_stats(mine.ratio, "x")
                + (f"; client CPU {usages[top].client:.0%} of a core" if not met else ""),
                met=met or cpu_bound,
            )
        ],
    )
    threads_row = next(r for r in rows if r.label == f"threads + raw urllib3, concurrency {top}")
    assert threads_row.ratio is not None
    scenario.note = (
        f"At concurrency {plan.concurrencies[0]} a call took "
        f"{1000 * plan.concurrencies[0] / rows[0].value.median:.1f} ms end to end (the "
        f"server's {plan.latency_ms:g} ms timer plus loopback and the event loop's 1 ms timer "
        "granularity), which caps every ratio to the nominal ideal below 1."
    )
    if not met and cpu_bound:
        one = client.agents.get_by_id
        scenario.profile = profile(lambda: one("a1"), plan.profile_ops)
        scenario.note += (
            f" Below {TARGET} of ideal at {top} with the client using {usages[top].client:.0%} "
            "of one core: CPU-bound (the GIL allows no more). The profile below is of the same "
            "call run sequentially: the per-call CPU cost that bounds the batch."
        )
    elif not met:
        scenario.note += (
            f" Below {TARGET} of ideal at {top}, but not CPU-bound (client "
            f"{usages[top].client:.0%} of one core); a plain thread pool over raw urllib3 "
            f"reached {threads_row.ratio.median:.2f} of ideal in the same run."
        )
    return scenario


def _rounds(
    server: ServerProcess, run: Callable[[], None], calls: int, rounds: int
) -> tuple[Stats, Usage]:
    rates: list[float] = []
    client_cpu = server_cpu = wall = 0.0
    for _ in range(rounds):
        server_before = server.stats()[0]
        cpu, start = time.process_time(), time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
        client_cpu += time.process_time() - cpu
        server_cpu += server.stats()[0] - server_before
        wall += elapsed
        rates.append(calls / elapsed)
    return Stats.of(rates), Usage(client=client_cpu / wall, server=server_cpu / wall)

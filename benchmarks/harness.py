"""How things are measured: the server process, interleaved rounds, and the statistics.

Every contender of a scenario is timed in the same rounds, in an order that rotates each round
(so no one always runs first, after a GC or on a cold cache), and each round times a block of
calls long enough that clock resolution and per-block noise vanish. What is reported is the median
over rounds with the min and max; ratios are taken per round (contender and reference ran
seconds apart) and then summarized the same way.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from types import TracebackType

import msgspec
import urllib3

from benchmarks.server import HOST


class Stats(msgspec.Struct, frozen=True):
    """Median, min and max of a list of per-round values."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        """The summary of ``values`` (at least one)."""
        return cls(statistics.median(values), min(values), max(values))


class Usage(msgspec.Struct, frozen=True):
    """CPU used while a contender ran, as a share of one core (1.0 = one core flat out)."""

    client: float
    server: float


class ServerProcess:
    """The benchmark server in its own process, on 127.0.0.1; a context manager."""

    def __init__(self, *extra_args: str) -> None:
        self._args = [sys.executable, "-m", "benchmarks.server", "--port", "0", *extra_args]
        self._proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.loop_name = "?"
        self._control: urllib3.HTTPConnectionPool | None = None

    def __enter__(self) -> ServerProcess:
        self._proc = subprocess.Popen(self._args, stdout=subprocess.PIPE, text=True)
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().split()
        if len(line) != 3 or line[0] != "PORT":
            self.close()
            raise RuntimeError(f"benchmark server did not start (said {line!r})")
        self.port, self.loop_name = int(line[1]), line[2]
        self._control = urllib3.HTTPConnectionPool(HOST, self.port, maxsize=1)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:{port}``: the base URL an SDK config takes."""
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        """The API root the peers call directly (``/v1``, the SDK's default version)."""
        return self.base_url + "/v1"

    def stats(self) -> tuple[float, int]:
        """The server's CPU seconds so far and how many requests it has answered."""
        assert self._control is not None
        answer = json.loads(self._control.request("GET", "/__stats").data)
        return float(answer["cpu"]), int(answer["requests"])

    def close(self) -> None:
        """Stop the server (it holds no state worth a graceful shutdown)."""
        if self._control is not None:
            self._control.close()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


def calibrate(fn: Callable[[], object], seconds: float) -> int:
    """How many calls of ``fn`` take about ``seconds`` (at least 1); also warms ``fn`` up."""
    count, elapsed = 1, 0.0
    while True:
        start = time.perf_counter()
        for _ in range(count):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 4 or count >= 1_000_000:
            break
        count *= 2
    return max(1, round(count * seconds / max(elapsed, 1e-9)))


def time_block(fn: Callable[[], object], count: int) -> tuple[float, float]:
    """Wall and CPU seconds taken by ``count`` calls of ``fn``, after a collection so that
    garbage left by the previous contender is not charged to this one (GC stays on: it is part
    of the cost)."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(count):
        fn()
    return time.perf_counter() - start, time.process_time() - cpu


class Contender(msgspec.Struct):
    """One way of doing the scenario's job: a label and a zero-argument callable doing it once."""

    label: str
    fn: Callable[[], object]
    count: int = 0
    rates: list[float] = msgspec.field(default_factory=list)
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    wall: float = 0.0


def interleaved(
    contenders: Sequence[Contender],
    rounds: int,
    block_seconds: float,
    server: ServerProcess | None = None,
) -> None:
    """Time every contender in each of ``rounds`` rounds, rotating the order, recording calls per
    second in ``rates`` and the CPU both processes spent in ``client_cpu``/``server_cpu``."""
    for contender in contenders:
        contender.count = calibrate(contender.fn, block_seconds)
    for round_no in range(rounds):
        shift = round_no % len(contenders)
        for contender in (*contenders[shift:], *contenders[:shift]):
            server_before = server.stats()[0] if server is not None else 0.0
            elapsed, cpu = time_block(contender.fn, contender.count)
            contender.client_cpu += cpu
            if server is not None:
                contender.server_cpu += server.stats()[0] - server_before
            contender.wall += elapsed
            contender.rates.append(contender.count / elapsed)


def usage(contender: Contender) -> Usage:
    """The CPU shares ``contender`` was measured at."""
    wall = contender.wall or 1.0
    return Usage(client=contender.client_cpu / wall, server=contender.server_cpu / wall)


def ratios(numerator: Contender, denominator: Contender) -> Stats:
    """Per-round ratios of two contenders' rates, summarized."""
    return Stats.of([a / b for a, b in zip(numerator.rates, denominator.rates, strict=True)])

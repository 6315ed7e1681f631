"""How long to measure: the full run (``make bench``) and the quick smoke run (``--quick``)."""

from __future__ import annotations

import msgspec


class Plan(msgspec.Struct, frozen=True):
    """Sizes of a run. The full plan keeps the whole suite well under 10 minutes on 2 cores."""

    name: str
    #: Interleaved rounds per scenario, and seconds each contender is timed for in one round.
    rounds: int
    block_seconds: float
    #: Scenario 4: calls per batch, rounds per concurrency, and the server's added latency.
    batch_calls: int
    batch_rounds: int
    latency_ms: float
    concurrencies: tuple[int, ...]
    #: Scenario 5: fresh interpreters started per contender.
    import_runs: int
    #: Scenario 6: streams opened per contender per round.
    streams: int
    stream_rounds: int
    #: Operations cProfile records when a target is missed.
    profile_ops: int
    #: Scaling: page sizes, batch sizes for run_many's memory, stream lengths (events).
    page_sizes: tuple[int, ...] = (10, 30, 100, 300, 1000)
    memory_calls: tuple[int, ...] = (1_000, 10_000, 100_000)
    stream_lengths: tuple[int, ...] = (10, 100, 1_000, 10_000, 100_000)
    #: Scaling: rounds per point (the order of contenders alternates each round).
    scale_rounds: int = 3


FULL = Plan(
    name="full",
    rounds=25,
    block_seconds=0.2,
    batch_calls=1000,
    batch_rounds=3,
    latency_ms=20.0,
    concurrencies=(1, 8, 32, 128, 256),
    import_runs=15,
    streams=100,
    stream_rounds=5,
    profile_ops=2000,
)

QUICK = Plan(
    name="quick",
    rounds=5,
    block_seconds=0.1,
    batch_calls=200,
    batch_rounds=1,
    latency_ms=20.0,
    concurrencies=(1, 8, 32, 128),
    import_runs=5,
    streams=30,
    stream_rounds=2,
    profile_ops=500,
    page_sizes=(10, 100, 1000),
    memory_calls=(1_000, 10_000),
    stream_lengths=(10, 1_000, 10_000),
    scale_rounds=1,
)

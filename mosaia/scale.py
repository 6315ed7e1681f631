"""Batches beyond one machine: prepared calls run on a Dask cluster (the ``mosaia[dask]`` extra).

:func:`run_on_dask` cuts the calls into chunks of ``chunk_size`` and ships each chunk, with the
config, to a worker of a ``distributed`` cluster (a ``LocalCluster`` on this machine or any
scheduler address). A chunk task is :func:`mosaia.batch.run_many` on that worker, over
an executor stack and a thread pool the worker builds once and keeps, so the retries, timeouts
and logging are those of a local batch. Results come back in the order the calls were given.
:func:`write_on_dask` has each chunk written by its worker to a JSON-lines file instead, for
batches whose results are too large to gather; :func:`~mosaia.jsonl.read_results` (also
importable from here) reads such a file back. Dask is imported only when a batch starts, so
reading results needs no extra.

Guarantees when workers die: a chunk task is a pure function of its input (its calls, the
config, the settings, and for files its path), so Dask may run it again, as it does when the
worker running it or holding its result dies. Each chunk's result is taken once, by its
position, so nothing is lost or duplicated in what comes back; a file is replaced whole, never
appended to. The requests of an attempt that died may have reached the server, so a chunk run
twice sends its calls twice: reads are safe, and a call with an effect needs an idempotency key
(``call.with_idempotency_key(...)``) for that effect to happen once.

``rate_limit`` is one budget for the whole cluster: each worker gets an equal share (split by
the number of workers when the batch starts) as one :class:`~mosaia.batch.RateLimiter`, which
every chunk it runs hands to ``run_many``, so it paces the first attempt of every call the
worker sends, across all chunks it is running at once. ``concurrency_per_worker`` bounds the
calls in flight on each worker the same way.

This module is the one way to run a batch on Dask: ``run_many`` refuses a Dask executor as its
``pool``.

Nothing raises for a request that fails: every call gets a ``Result``. A chunk Dask gave up on
(after ``distributed.scheduler.allowed-failures`` worker deaths) gives each of its calls a
``Failure(TransportError(code="worker"))``; Ctrl-C cancels the batch as in ``run_many``.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import msgspec
from returns.result import Failure, Result, Success

from mosaia.batch import (
    RateLimiter,
    cancelled,
    count_problem,
    rate_problem,
    run_many,
    worker_executor,
)
from mosaia.config import MosaiaConfig
from mosaia.errors import InvalidRequest, MosaiaError, TransportError
from mosaia.executors._base import Executor
from mosaia.jsonl import Line, decode_line, encode_line, read_results
from mosaia.request import Call

if TYPE_CHECKING:
    import distributed

# The JSON-lines names stay importable from here, where the scale-out guide finds them.
__all__ = [
    "WORKER_FAILED",
    "Chunk",
    "ChunkFile",
    "Line",
    "Settings",
    "chunk_path",
    "decode_line",
    "encode_line",
    "read_results",
    "run_chunk",
    "run_on_dask",
    "write_chunk",
    "write_on_dask",
]

T = TypeVar("T")

#: The ``code`` of the error each call of a chunk gets when Dask could not run the chunk.
WORKER_FAILED = "worker"


class Settings(msgspec.Struct, frozen=True):
    """How a worker runs the chunks it is given: at most ``concurrency`` calls in flight and,
    when ``rate`` is set, at most ``rate`` first attempts a second (this worker's share of the
    batch's rate limit)."""

    concurrency: int
    rate: float | None = None


class Chunk(msgspec.Struct, frozen=True):
    """Consecutive calls of a batch: ``start`` is the position of the first in the whole batch.
    One Struct, not a list, so Dask ships it as one opaque value instead of walking it."""

    start: int
    calls: tuple[Call[Any], ...]


class ChunkFile(msgspec.Struct, frozen=True):
    """Where one chunk's results were written: ``path`` holds ``count`` JSON lines for the
    calls at ``start`` onwards, ``failed`` of them failures. ``error`` says why there is no
    file when Dask could not run the chunk (its calls then never ran, or not to the end)."""

    path: str
    start: int
    count: int
    failed: int
    error: str | None = None


# --- on the client --------------------------------------------------------------------------


def run_on_dask(
    calls: Iterable[Call[T]],
    config: MosaiaConfig,
    client: distributed.Client | None = None,
    *,
    chunk_size: int = 100,
    concurrency_per_worker: int = 8,
    rate_limit: float | None = None,
    chunks_ahead: int | None = None,
) -> list[Result[T, MosaiaError]]:
    """Run every call on the Dask cluster of ``client`` and return the results in the order
    given. Never raises for a call that fails.

    ``client`` defaults to the current Dask client, or else a ``LocalCluster`` of worker
    processes started for this batch and closed after it. ``chunk_size`` calls go to a worker
    at a time; ``concurrency_per_worker`` and ``rate_limit`` (calls per second for the whole
    cluster) are as described in the module docs. At most ``chunks_ahead`` chunks are handed to
    the scheduler at once (default: twice the cluster's worker threads, at least 4), so a long
    batch does not sit on the scheduler. A bad setting makes every result a
    ``Failure(InvalidRequest)`` and sends nothing."""
    todo = list(calls)
    problem = _settings_problem(chunk_size, concurrency_per_worker, rate_limit, chunks_ahead)
    if problem is not None:
        return [Failure(InvalidRequest(message=problem)) for _ in todo]

    def submit(
        dask: distributed.Client, chunk: Chunk, settings: Settings, key: str
    ) -> distributed.Future[Any]:
        return dask.submit(run_chunk, chunk, config, settings, key=key)

    options = _Options(concurrency_per_worker, rate_limit, chunks_ahead)
    results: list[Result[T, MosaiaError]] = []
    for chunk, outcome in _drive(_chunks(todo, chunk_size), client, options, submit):
        results += outcome if isinstance(outcome, list) else [outcome] * len(chunk.calls)
    return results


def write_on_dask(
    calls: Iterable[Call[Any]],
    config: MosaiaConfig,
    directory: str | os.PathLike[str],
    client: distributed.Client | None = None,
    *,
    chunk_size: int = 100,
    concurrency_per_worker: int = 8,
    rate_limit: float | None = None,
    chunks_ahead: int | None = None,
) -> Result[list[ChunkFile], InvalidRequest]:
    """:func:`run_on_dask` for results too large to gather: each worker writes its chunk's
    results to ``directory/chunk-NNNNNNNN.jsonl`` (one JSON line per call, see
    :func:`read_results`) and only a :class:`ChunkFile` summary comes back, in input order.
    ``directory`` must be where the workers can write (on a real cluster, a shared filesystem);
    ``calls`` is read lazily, chunk by chunk. A summary whose ``error`` is set names a chunk
    with no trustworthy file (Dask could not run it, or Ctrl-C cancelled it). A bad setting is
    ``Failure(InvalidRequest)``, and nothing is sent or written."""
    problem = _settings_problem(chunk_size, concurrency_per_worker, rate_limit, chunks_ahead)
    if problem is not None:
        return Failure(InvalidRequest(message=problem))
    folder = os.fspath(directory)

    def submit(
        dask: distributed.Client, chunk: Chunk, settings: Settings, key: str
    ) -> distributed.Future[Any]:
        path = chunk_path(folder, chunk.start // chunk_size)
        return dask.submit(write_chunk, chunk, config, settings, path, key=key)

    def summary(chunk: Chunk, outcome: ChunkFile | Failure[MosaiaError]) -> ChunkFile:
        if isinstance(outcome, ChunkFile):
            return outcome
        count, error = len(chunk.calls), outcome.failure().message
        return ChunkFile(
            chunk_path(folder, chunk.start // chunk_size), chunk.start, count, count, error
        )

    options = _Options(concurrency_per_worker, rate_limit, chunks_ahead)
    settled = _drive(_chunks(calls, chunk_size), client, options, submit)
    return Success([summary(chunk, outcome) for chunk, outcome in settled])


def chunk_path(directory: str, number: int) -> str:
    """The file chunk ``number`` (0 for the first ``chunk_size`` calls) is written to."""
    return os.path.join(directory, f"chunk-{number:08d}.jsonl")


def _settings_problem(
    chunk_size: int, concurrency: int, rate_limit: float | None, ahead: int | None
) -> str | None:
    return (
        count_problem("chunk_size", chunk_size)
        or count_problem("concurrency_per_worker", concurrency)
        or (None if ahead is None else count_problem("chunks_ahead", ahead))
        or rate_problem(rate_limit)
    )


class _Options(NamedTuple):
    concurrency: int
    rate_limit: float | None
    ahead: int | None


def _chunks(calls: Iterable[Call[Any]], size: int) -> Iterator[Chunk]:
    it = iter(calls)
    start = 0
    while piece := tuple(islice(it, size)):
        yield Chunk(start, piece)
        start += len(piece)


def _drive(
    chunks: Iterator[Chunk],
    client: distributed.Client | None,
    options: _Options,
    submit: Callable[[distributed.Client, Chunk, Settings, str], distributed.Future[Any]],
) -> list[tuple[Chunk, Any]]:
    # Keeps up to `ahead` chunk tasks on the cluster and feeds the next chunk as each one
    # finishes. Each chunk is settled exactly once, with its task's value or a Failure when
    # Dask could not run it; they come back in input order.
    settled: dict[int, tuple[Chunk, Any]] = {}

    def settle(chunk: Chunk, outcome: Any) -> None:
        settled.setdefault(chunk.start, (chunk, outcome))

    with ExitStack() as stack:
        dask: Any = client if client is not None else _client(stack)
        threads: dict[str, int] = dask.nthreads()
        share = None if options.rate_limit is None else options.rate_limit / max(len(threads), 1)
        settings = Settings(options.concurrency, share)
        ahead = options.ahead or max(4, 2 * sum(threads.values()))
        batch = uuid.uuid4().hex  # keys unique per batch: Dask must not reuse another's result
        running: dict[str, Chunk] = {}
        pending = _distributed().as_completed(loop=dask.loop)

        def feed() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                key = f"mosaia-chunk-{batch}-{chunk.start}"
                running[key] = chunk
                pending.add(submit(dask, chunk, settings, key))

        try:
            for _ in range(ahead):
                feed()
            for future in pending:
                settle(running[future.key], _outcome(future))
                del running[future.key]
                feed()
        except KeyboardInterrupt:
            dask.cancel(list(pending.futures))
            for chunk in running.values():
                settle(chunk, Failure(cancelled(started=True)))
            for chunk in chunks:
                settle(chunk, Failure(cancelled(started=False)))
    return [settled[start] for start in sorted(settled)]


def _outcome(future: distributed.Future[Any]) -> Any:
    try:
        return future.result()
    # KilledWorker (the chunk outlived too many workers), a lost scheduler, a cancelled future
    # (asyncio's CancelledError is no Exception).
    except (Exception, asyncio.CancelledError) as exc:
        message = f"Dask could not run this call's chunk: {type(exc).__name__}: {exc}"
        return Failure(TransportError(message=message, code=WORKER_FAILED))


def _client(stack: ExitStack) -> distributed.Client:
    # The current client if there is one, else a cluster of this machine's processes, closed
    # with the batch.
    try:
        found: distributed.Client = _distributed().default_client()
    except ValueError:
        cluster = stack.enter_context(_distributed().LocalCluster(dashboard_address=":0"))
        found = stack.enter_context(_distributed().Client(cluster))
    return found


def _distributed() -> Any:
    # Imported when a batch starts, so that the JSON-lines half of this module works without
    # the extra. Typed Any: much of distributed is unannotated (Client.nthreads, as_completed,
    # default_client, ...), which mypy --strict rejects, and this keeps the module clean
    # whether or not dask is installed (no `type: ignore` that goes stale either way).
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(
            "running a batch on Dask needs the dask extra: pip install 'mosaia[dask]>=0.3' "
            "(from the repository or its wheel: see Getting started)"
        ) from exc
    return distributed


# --- on a worker ----------------------------------------------------------------------------


def run_chunk(
    chunk: Chunk, config: MosaiaConfig, settings: Settings
) -> list[Result[Any, MosaiaError]]:
    """Run one chunk on this worker: the task :func:`run_on_dask` submits. It is
    :func:`~mosaia.batch.run_many` over this process's executor and thread pool,
    and a pure function of its arguments, so Dask may safely run it again."""
    executor, pool, limiter = _worker_parts(config, settings)
    return run_many(
        chunk.calls,
        config,
        executor,
        concurrency=settings.concurrency,
        rate_limit=limiter,
        pool=pool,
    )


def write_chunk(chunk: Chunk, config: MosaiaConfig, settings: Settings, path: str) -> ChunkFile:
    """Run one chunk on this worker and write its results to ``path`` as JSON lines: the task
    :func:`write_on_dask` submits. The file is written beside and renamed into place, so a
    reader never sees half of it and a rerun replaces it whole."""
    results = run_chunk(chunk, config, settings)
    lines = [
        encode_line(chunk.start + offset, call, result)
        for offset, (call, result) in enumerate(zip(chunk.calls, results, strict=True))
    ]
    failed = sum(not isinstance(result, Success) for result in results)
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as out:
            out.writelines(lines)
        os.replace(temporary, path)
    except OSError as exc:
        return ChunkFile(path, chunk.start, len(results), len(results), f"not written: {exc}")
    return ChunkFile(path, chunk.start, len(results), failed)


_POOLS: dict[int, ThreadPoolExecutor] = {}
_LIMITERS: dict[tuple[MosaiaConfig, float], RateLimiter] = {}
_PARTS_LOCK = threading.Lock()


def _worker_parts(
    config: MosaiaConfig, settings: Settings
) -> tuple[Executor, ThreadPoolExecutor, RateLimiter | None]:
    # Built once per process and shared by every chunk this worker runs at the same time, so
    # the concurrency and rate budgets are the worker's, not each task's.
    executor = worker_executor(config)
    with _PARTS_LOCK:
        pool = _POOLS.get(settings.concurrency)
        if pool is None:
            pool = _POOLS[settings.concurrency] = ThreadPoolExecutor(
                settings.concurrency, thread_name_prefix="mosaia-scale"
            )
        if settings.rate is None:
            return executor, pool, None
        limiter = _LIMITERS.get((config, settings.rate))
        if limiter is None:
            limiter = _LIMITERS[config, settings.rate] = RateLimiter(settings.rate)
    return executor, pool, limiter

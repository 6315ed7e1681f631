"""Running many prepared calls at once: :func:`run_many`.

Calls go out over one shared executor (one connection pool) with at most ``concurrency`` in
flight, optionally no faster than ``rate_limit`` a second, and come back as ``Result`` values in
the order the calls were given. One failure never stops the others, and nothing raises.

A :class:`concurrent.futures.Executor` can do the running. A ``ThreadPoolExecutor`` (the
default) shares the caller's executor and its pool. A ``ProcessPoolExecutor`` receives only
plain values, each call and the config, which pickle; each worker process builds its own
executor once per config (:func:`worker_executor`) and sends back only the ``Result``. A Dask
cluster is not a pool for this function: :mod:`mosaia.scale` is the one way to run a batch on
Dask (chunks, a pool and a rate budget per worker), and a Dask executor given here is refused.

Ctrl-C during a batch stops it promptly instead of raising: calls not yet started are not sent
and come back as ``Failure(TransportError(code="cancelled", sent=False))``; calls already in
flight are not waited for and come back as ``Failure(TransportError(code="cancelled",
sent=True))``, since they may have reached the server. Cancelled means no new attempt starts:
a call in flight finishes the attempt it is on, but is not retried, and a retry it was waiting
for is dropped (on thread pools; a process pool's workers run on). Finished calls keep their
results, and ``on_progress`` hears a last :class:`Progress` in which the cancelled calls count
as failed.

One rate limiter paces every batch: :class:`RateLimiter`, which ``rate_limit`` builds (or is,
when a batch shares one with others, as each Dask worker's chunks do); and one progress hook:
``on_progress``, which ``progress=True`` feeds a :class:`ProgressBar` through as well.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor as Pool
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeAlias, TypeVar

from returns.result import Failure, Result, Success

from mosaia._progress import Progress, ProgressBar, TqdmBar, progress_bar, reporter
from mosaia.config import MosaiaConfig
from mosaia.errors import InvalidRequest, MosaiaError, TransportError
from mosaia.executors._base import Executor
from mosaia.executors._retry import cancelled_by
from mosaia.executors._stack import default_executor
from mosaia.request import Call
from mosaia.run import run

__all__ = [
    "CANCELLED",
    "Progress",
    "ProgressBar",
    "RateLimiter",
    "TqdmBar",
    "cancelled",
    "count_problem",
    "rate_problem",
    "run_cancellable",
    "run_in_worker",
    "run_many",
    "worker_executor",
]

T = TypeVar("T")

#: The ``code`` of the error a call cancelled by Ctrl-C comes back with.
CANCELLED = "cancelled"

# How often the collecting loop wakes even when nothing finished, so an interrupt delivered
# without a real signal (``_thread.interrupt_main``) is still noticed promptly.
_POLL_SECONDS = 0.1


def cancelled(*, started: bool) -> TransportError:
    """The error of a call Ctrl-C cancelled: ``sent=False`` if it never started (it was not
    sent), ``sent=True`` if it was in flight (it may have reached the server)."""
    when = "while in flight" if started else "before it started"
    return TransportError(message=f"cancelled {when}", code=CANCELLED, sent=started)


class RateLimiter:
    """Spaces starts at least ``1 / per_second`` seconds apart, for any number of threads.

    The clock and sleep are injected so the pacing can be tested without waiting."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not per_second > 0:
            raise ValueError(f"per_second must be positive, got {per_second!r}")
        self.interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self, cancel: threading.Event | None = None) -> None:
        """Return when the next start is allowed (at once if the rate leaves room), or as soon
        as ``cancel`` is set: a start that will not happen need not wait its turn."""
        with self._lock:
            now = self._clock()
            at = max(now, self._next)
            self._next = at + self.interval
        if at > now:
            if cancel is None:
                self._sleep(at - now)
            else:
                cancel.wait(at - now)


#: What paces a batch: calls per second (a limiter of its own), or a limiter shared with others.
Rate: TypeAlias = float | RateLimiter | None


def run_many(
    calls: Iterable[Call[T]],
    config: MosaiaConfig,
    executor: Executor,
    *,
    concurrency: int = 8,
    rate_limit: Rate = None,
    on_progress: Callable[[Progress], None] | None = None,
    progress: bool = False,
    pool: Pool | None = None,
) -> list[Result[T, MosaiaError]]:
    """Run every call and return their results in the order given. Never raises.

    ``concurrency`` bounds the calls in flight; ``rate_limit`` (calls per second, or a
    :class:`RateLimiter` shared with other batches) paces their first attempts; ``on_progress``
    is called with a :class:`Progress` after each call finishes (on the calling thread; an
    exception it raises is ignored); ``progress=True`` adds a bar on stderr (drawn when it is a
    terminal: tqdm's with the ``progress`` extra, else a :class:`ProgressBar`) as one more
    such hook. ``pool`` runs the calls (see the module
    docs); by default a thread pool of ``concurrency`` threads, shut down on return. A bad
    ``concurrency``, ``rate_limit`` or ``pool`` makes every result a ``Failure(InvalidRequest)``
    and sends nothing."""
    todo = list(calls)
    problem = _settings_problem(concurrency, rate_limit) or pool_problem(pool)
    if problem is not None:
        return [Failure(InvalidRequest(message=problem)) for _ in todo]
    if not todo:
        return []
    own = pool is None
    workers = pool if pool is not None else _threads(min(concurrency, len(todo)))
    local = isinstance(workers, ThreadPoolExecutor)
    limiter = (
        rate_limit
        if isinstance(rate_limit, RateLimiter)
        else (RateLimiter(rate_limit) if rate_limit else None)
    )
    cancel = threading.Event()

    def submit(call: Call[T]) -> Future[Result[T, MosaiaError]]:
        if local:
            # Paced on the thread that sends, right before the first attempt: a pool shared
            # with other batches may hold a call queued, and its start is what the rate counts.
            return workers.submit(run_cancellable, call, config, executor, cancel, limiter)
        if limiter is not None:
            limiter.wait()
        return workers.submit(run_in_worker, call, config)

    hooks = [progress_bar(sys.stderr)] if progress else []
    report = reporter([*hooks, *([on_progress] if on_progress is not None else [])])
    # A pool of our own has exactly `concurrency` threads, which bounds the calls in flight by
    # itself: keeping as many again queued behind them lets a thread that finishes take the
    # next call at once instead of waiting for this thread to wake up and hand it one (which
    # cost about 3% at concurrency 8 and 32, latency-bound). Queued calls are not started:
    # Ctrl-C cancels them unsent, and the rate limit paces them when they start.
    window = 2 * concurrency if own else concurrency
    batch = _Batch(todo, submit, window, report, cancel)
    try:
        batch.run()
    finally:
        if own:
            workers.shutdown(wait=not batch.interrupted, cancel_futures=True)
    return batch.results()


def _threads(count: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(count, thread_name_prefix="mosaia-batch")


def run_cancellable(
    call: Call[T],
    config: MosaiaConfig,
    executor: Executor,
    cancel: threading.Event,
    limiter: RateLimiter | None = None,
) -> Result[T, MosaiaError]:
    """Run one call of a batch on this thread: it waits its turn under ``limiter``, and once
    ``cancel`` is set it starts no attempt (nor, through the retrying executor, a retry), so
    a call a batch reports cancelled is not sent behind its back."""
    if limiter is not None:
        limiter.wait(cancel)
    if cancel.is_set():
        return Failure(cancelled(started=False))
    with cancelled_by(cancel):
        return run(call, config, executor)


class _Batch:
    # The collecting loop of run_many: submits while there is room, gathers what finished.
    def __init__(
        self,
        calls: list[Call[Any]],
        submit: Callable[[Call[Any]], Future[Result[Any, MosaiaError]]],
        concurrency: int,
        report: Callable[[Progress], None],
        cancel: threading.Event,
    ) -> None:
        self.calls = calls
        self.submit = submit
        self.concurrency = concurrency
        self.report = report
        self.cancel = cancel
        self.found: list[Result[Any, MosaiaError] | None] = [None] * len(calls)
        self.in_flight: dict[Future[Result[Any, MosaiaError]], int] = {}
        # Futures hand themselves over here as they finish: collecting one costs the same at
        # any concurrency (``concurrent.futures.wait`` visits every future in flight each time).
        self.finished: queue.SimpleQueue[Future[Result[Any, MosaiaError]]] = queue.SimpleQueue()
        self.started = 0
        self.done = 0
        self.failed = 0
        self.interrupted = False

    def run(self) -> None:
        try:
            self._loop()
        except KeyboardInterrupt:
            self.interrupted = True
            self.cancel.set()  # first: from now on no call starts an attempt
            self._cancel()
            # Every call is now settled, the cancelled ones as failures: say so, which also
            # lets a progress bar end its line.
            failed = sum(not isinstance(r, Success) for r in self.found)
            self.report(Progress(len(self.calls), len(self.calls), failed))

    def _loop(self) -> None:
        total = len(self.calls)
        finished = self.finished
        while self.started < total or self.in_flight:
            while self.started < total and len(self.in_flight) < self.concurrency:
                future = self.submit(self.calls[self.started])
                self.in_flight[future] = self.started
                self.started += 1
                future.add_done_callback(finished.put)
            try:
                future = finished.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                continue
            index = self.in_flight.pop(future)
            outcome = _outcome(future)
            self.found[index] = outcome
            self.done += 1
            self.failed += not isinstance(outcome, Success)
            self.report(Progress(self.done, total, self.failed))

    def _cancel(self) -> None:
        for future, index in self.in_flight.items():
            if future.cancel():
                self.found[index] = Failure(cancelled(started=False))
            elif future.done():
                self.found[index] = _outcome(future)
            else:
                self.found[index] = Failure(cancelled(started=True))
        self.in_flight.clear()
        for index in range(self.started, len(self.calls)):
            self.found[index] = Failure(cancelled(started=False))

    def results(self) -> list[Result[Any, MosaiaError]]:
        # Every slot is filled by now; the fallback only guards against a bug leaving a hole.
        return [r if r is not None else Failure(cancelled(started=False)) for r in self.found]


def _outcome(future: Future[Result[Any, MosaiaError]]) -> Result[Any, MosaiaError]:
    try:
        return future.result()
    except Exception as exc:  # a broken worker, an unpicklable value, a cancelled future
        return Failure(
            TransportError(message=f"the worker running this call failed: {exc!r}", code="worker")
        )


def _settings_problem(concurrency: int, rate_limit: Rate) -> str | None:
    return count_problem("concurrency", concurrency) or rate_problem(rate_limit)


def pool_problem(pool: object) -> str | None:
    """Why ``pool`` cannot run a batch, or ``None``: it must be ``None`` (a thread pool of the
    batch's own) or a :class:`concurrent.futures.Executor`, and not Dask's, since a batch goes
    to a Dask cluster through :func:`mosaia.scale.run_on_dask` only."""
    if pool is None:
        return None
    if type(pool).__module__.partition(".")[0] == "distributed":
        return (
            "run_many does not take a Dask executor: run the batch with "
            "mosaia.scale.run_on_dask(calls, config, dask_client), which ships it in chunks"
        )
    if not isinstance(pool, Pool):
        return f"pool must be a concurrent.futures.Executor, got {type(pool).__name__}"
    return None


def count_problem(name: str, value: object) -> str | None:
    """Why setting ``name`` cannot be ``value``, or ``None``: it must be a positive integer (a
    bool is not one). Shared by every batch runner's settings."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"{name} must be a positive integer, got {value!r}"
    return None


def rate_problem(rate_limit: object) -> str | None:
    """Why ``rate_limit`` cannot pace a batch, or ``None``: it must be ``None`` (no pacing), a
    :class:`RateLimiter`, or a positive number of calls per second. Checked before comparing,
    so a string is a message, not a ``TypeError``."""
    if rate_limit is None or isinstance(rate_limit, RateLimiter):
        return None
    if (
        isinstance(rate_limit, bool)
        or not isinstance(rate_limit, int | float)
        or not rate_limit > 0
    ):
        return f"rate_limit must be a positive number of calls per second, got {rate_limit!r}"
    return None


# --- in a worker process ------------------------------------------------------------------

_WORKER_EXECUTORS: dict[MosaiaConfig, Executor] = {}
_WORKER_LOCK = threading.Lock()


def worker_executor(config: MosaiaConfig) -> Executor:
    """The executor this process uses for calls shipped to it with ``config``: built on first
    use and kept, so a worker reuses one connection pool for every call it runs."""
    with _WORKER_LOCK:
        found = _WORKER_EXECUTORS.get(config)
        if found is None:
            # What ``Mosaia(config)`` would use: urllib3 with the config's retries.
            found = _WORKER_EXECUTORS[config] = default_executor(config)
        return found


def run_in_worker(call: Call[T], config: MosaiaConfig) -> Result[T, MosaiaError]:
    """Run ``call`` in whatever process this is, with that process's own executor: the function
    :func:`run_many` ships to pools that are not threads of this process. Importable by name,
    so any pool can pickle it."""
    return run(call, config, worker_executor(config))

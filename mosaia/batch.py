"""Running many prepared calls at once: :func:`run_many`.

Calls go out over one shared executor (one connection pool) with at most ``concurrency`` in
flight, optionally no faster than ``rate_limit`` a second, and come back as ``Result`` values in
the order the calls were given. One failure never stops the others, and nothing raises.

Any :class:`concurrent.futures.Executor` can do the running. A ``ThreadPoolExecutor`` (the
default) shares the caller's executor and its pool. Any other kind (a ``ProcessPoolExecutor``, a
Dask cluster's ``client.get_executor()``) receives only plain values, each call and the config,
which pickle; each worker process builds its own executor once per config
(:func:`worker_executor`) and sends back only the ``Result``.

Ctrl-C during a batch stops it promptly instead of raising: calls not yet started are not sent
and come back as ``Failure(TransportError(code="cancelled", sent=False))``; calls already in
flight are not waited for and come back as ``Failure(TransportError(code="cancelled",
sent=True))``, since they may have reached the server. Finished calls keep their results, and
``on_progress`` hears a last :class:`Progress` in which the cancelled calls count as failed.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures import Executor as Pool
from contextlib import suppress
from typing import Any, TextIO, TypeVar

import msgspec
from returns.result import Failure, Result, Success

from mosaia.config import MosaiaConfig
from mosaia.errors import InvalidRequest, MosaiaError, TransportError
from mosaia.executors._base import Executor
from mosaia.executors._stack import default_executor
from mosaia.request import Call
from mosaia.run import run

T = TypeVar("T")

#: The ``code`` of the error a call cancelled by Ctrl-C comes back with.
CANCELLED = "cancelled"

# How often the collecting loop wakes even when nothing finished, so an interrupt delivered
# without a real signal (``_thread.interrupt_main``) is still noticed promptly.
_POLL_SECONDS = 0.1


class Progress(msgspec.Struct, frozen=True):
    """Where a batch stands: calls finished (successfully or not), calls in all, and how many
    of the finished ones failed. Passed to ``on_progress`` after each call finishes."""

    done: int
    total: int
    failed: int


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

    def wait(self) -> None:
        """Return when the next start is allowed (at once if the rate leaves room)."""
        with self._lock:
            now = self._clock()
            at = max(now, self._next)
            self._next = at + self.interval
        if at > now:
            self._sleep(at - now)


def run_many(
    calls: Iterable[Call[T]],
    config: MosaiaConfig,
    executor: Executor,
    *,
    concurrency: int = 8,
    rate_limit: float | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    progress: bool = False,
    pool: Pool | None = None,
) -> list[Result[T, MosaiaError]]:
    """Run every call and return their results in the order given. Never raises.

    ``concurrency`` bounds the calls in flight; ``rate_limit`` (calls per second) paces their
    starts; ``on_progress`` is called with a :class:`Progress` after each call finishes (on the
    calling thread; an exception it raises is ignored); ``progress=True`` draws a progress bar
    on stderr when it is a terminal. ``pool`` runs the calls (see the module docs); by default
    a thread pool of ``concurrency`` threads, shut down on return. A bad ``concurrency`` or
    ``rate_limit`` makes every result a ``Failure(InvalidRequest)`` and sends nothing."""
    todo = list(calls)
    problem = _settings_problem(concurrency, rate_limit)
    if problem is not None:
        return [Failure(InvalidRequest(message=problem)) for _ in todo]
    if not todo:
        return []
    own = pool is None
    workers = pool if pool is not None else ThreadPoolExecutor(min(concurrency, len(todo)))
    local = isinstance(workers, ThreadPoolExecutor)

    def submit(call: Call[T]) -> Future[Result[T, MosaiaError]]:
        if local:
            return workers.submit(run, call, config, executor)
        return workers.submit(run_in_worker, call, config)

    batch = _Batch(todo, submit, concurrency, rate_limit, _reporter(on_progress, progress))
    try:
        batch.run()
    finally:
        if own:
            workers.shutdown(wait=not batch.interrupted, cancel_futures=True)
    return batch.results()


class _Batch:
    # The collecting loop of run_many: submits while there is room, gathers what finished.
    def __init__(
        self,
        calls: list[Call[Any]],
        submit: Callable[[Call[Any]], Future[Result[Any, MosaiaError]]],
        concurrency: int,
        rate_limit: float | None,
        report: Callable[[Progress], None],
    ) -> None:
        self.calls = calls
        self.submit = submit
        self.concurrency = concurrency
        self.limiter = RateLimiter(rate_limit) if rate_limit else None
        self.report = report
        self.found: list[Result[Any, MosaiaError] | None] = [None] * len(calls)
        self.in_flight: dict[Future[Result[Any, MosaiaError]], int] = {}
        self.started = 0
        self.done = 0
        self.failed = 0
        self.interrupted = False

    def run(self) -> None:
        try:
            self._loop()
        except KeyboardInterrupt:
            self.interrupted = True
            self._cancel()
            # Every call is now settled, the cancelled ones as failures: say so, which also
            # lets a progress bar end its line.
            failed = sum(not isinstance(r, Success) for r in self.found)
            self.report(Progress(len(self.calls), len(self.calls), failed))

    def _loop(self) -> None:
        total = len(self.calls)
        while self.started < total or self.in_flight:
            while self.started < total and len(self.in_flight) < self.concurrency:
                if self.limiter is not None:
                    self.limiter.wait()
                self.in_flight[self.submit(self.calls[self.started])] = self.started
                self.started += 1
            finished, _ = wait(self.in_flight, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
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


def _settings_problem(concurrency: int, rate_limit: float | None) -> str | None:
    return count_problem("concurrency", concurrency) or rate_problem(rate_limit)


def count_problem(name: str, value: object) -> str | None:
    """Why setting ``name`` cannot be ``value``, or ``None``: it must be a positive integer (a
    bool is not one). Shared by every batch runner's settings."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"{name} must be a positive integer, got {value!r}"
    return None


def rate_problem(rate_limit: object) -> str | None:
    """Why ``rate_limit`` cannot pace a batch, or ``None``: it must be ``None`` (no pacing) or a
    positive number of calls per second. Checked before comparing, so a string is a message,
    not a ``TypeError``."""
    if rate_limit is None:
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


# --- progress -----------------------------------------------------------------------------


def _reporter(
    on_progress: Callable[[Progress], None] | None, bar: bool
) -> Callable[[Progress], None]:
    drawn = ProgressBar(sys.stderr) if bar else None

    def report(progress: Progress) -> None:
        # A hook that raises (or a stderr that is gone) must not cost the batch its results:
        # run_many never raises. Like on_refresh, the hook's failure is its own.
        with suppress(Exception):
            if drawn is not None:
                drawn.draw(progress)
        if on_progress is not None:
            with suppress(Exception):
                on_progress(progress)

    return report


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal (nothing at all on a pipe or file,
    where carriage returns would only garble a log)."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._on = _is_terminal(stream)
        self._last: tuple[int, int] | None = None
        self._finished = False

    def draw(self, progress: Progress) -> None:
        """Show ``progress``; ends the line once every call is done."""
        if not self._on or self._finished:
            return
        total = max(progress.total, 1)
        filled = self.WIDTH * progress.done // total
        key = (progress.done * 100 // total, progress.failed)
        done = progress.done >= progress.total
        if key == self._last and not done:
            return  # redraw only when something visible changed
        self._last = key
        failed = f"  {progress.failed} failed" if progress.failed else ""
        line = f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {progress.done}/{total}{failed}"
        self._stream.write(line + ("\n" if done else ""))
        self._stream.flush()
        self._finished = done


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

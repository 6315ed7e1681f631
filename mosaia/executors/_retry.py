"""``RetryingExecutor``: applies a :class:`~mosaia.retry.RetryPolicy` around any executor.

Why not urllib3's own ``Retry``? It was weighed honestly, and the pool keeps ``retries=False``:

- it lives inside ``PoolManager.urlopen``, so it only serves the urllib3 executor: the simulator,
  fakes, recorders and the streaming ``open`` would each need their own retry logic, and the
  logging decorator could not see (or number) the individual attempts;
- when it gives up it raises ``MaxRetryError`` wrapping the last fault, or silently returns the
  last answer, where this SDK wants the last outcome as a value, unchanged;
- it decides by method alone (``allowed_methods``) and cannot see that a POST carries an
  ``Idempotency-Key``, short of building a new ``Retry`` per request;
- it does not know ``retry-after-ms``, and clamps an over-long ``Retry-After`` to its maximum
  and retries anyway, which is retrying before the server said it is ready;
- it calls ``time.sleep``, ``time.time`` and ``random.random`` itself, so its decisions cannot be
  tested without real waiting, nor reproduced.

What urllib3 does well it still does here: pooling, keep-alive, TLS, proxies, and noticing a
dropped keep-alive connection before reusing it. The decisions are the pure functions of
:mod:`mosaia.retry`; this module only draws the clock and random number and waits.
"""

from __future__ import annotations

import logging
import random as _random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import (
    Executor,
    StreamingExecutor,
    StreamingResponse,
    close_executor,
)
from mosaia.http import HttpRequest, HttpResponse
from mosaia.retry import RetryPolicy, next_delay

X = TypeVar("X")

_ATTEMPT: ContextVar[int] = ContextVar("mosaia_attempt", default=1)
_CANCEL: ContextVar[threading.Event | None] = ContextVar("mosaia_cancel", default=None)


@contextmanager
def cancelled_by(event: threading.Event) -> Iterator[None]:
    """Within the block, on this thread: once ``event`` is set, a :class:`RetryingExecutor`
    starts no new attempt (it returns what the last one gave, or a ``cancelled`` failure if
    none was made) and cuts short a wait between attempts. How a batch interrupted by Ctrl-C
    keeps the calls it reports cancelled from being sent again in the background."""
    token = _CANCEL.set(event)
    try:
        yield
    finally:
        _CANCEL.reset(token)


def current_attempt() -> int:
    """The number of the attempt being sent right now (1 for the first), for decorators inside
    a :class:`RetryingExecutor`, such as logging; 1 outside any."""
    return _ATTEMPT.get()


class RetryingExecutor:
    """An executor that sends through ``inner`` and, when ``policy`` says so, waits and sends
    again; it returns the last outcome as it came, so a request that keeps failing fails with
    the real last error (a :class:`~mosaia.errors.RateLimitError` with its ``Retry-After``, a
    :class:`~mosaia.errors.RequestTimeout`, ...).

    ``sleep``, ``clock`` (wall time in epoch seconds, as every ``clock`` of the SDK; it dates
    ``Retry-After``) and ``random`` (a fraction in ``[0, 1)``, for jitter) are parameters so
    tests and simulations control time. ``open`` is forwarded for streaming executors and
    retried only while opening: once a stream has started delivering, a failure belongs to its
    reader. ``close`` closes ``inner``. Never raises."""

    def __init__(
        self,
        inner: Executor,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        random: Callable[[], float] = _random.random,
        logger: logging.Logger | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy if policy is not None else RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._random = random
        self._logger = logger

    def __repr__(self) -> str:
        return f"RetryingExecutor({self.inner!r}, {self.policy!r})"

    def close(self) -> None:
        """Close the wrapped executor (when it can be closed). Harmless twice."""
        close_executor(self.inner)

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request``, retrying as the policy allows; the last outcome."""
        return self._attempts(request, self.inner.send, _same, _keep)

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Open a streaming request through ``inner``, retrying failures to open (an error
        status, a refused connection) as the policy allows."""
        inner = self.inner
        if not isinstance(inner, StreamingExecutor):
            return Failure(not_streaming(inner))
        return self._attempts(request, inner.open, _head_of, _close)

    def _attempts(
        self,
        request: HttpRequest,
        send: Callable[[HttpRequest], Result[X, ConnectionFailure]],
        view: Callable[[X], HttpResponse],
        discard: Callable[[X], None],
    ) -> Result[X, ConnectionFailure]:
        cancel = _CANCEL.get()
        if cancel is not None and cancel.is_set():
            return Failure(
                TransportError(message="cancelled before it was sent", code="cancelled", sent=False)
            )
        attempt = 1
        while True:
            token = _ATTEMPT.set(attempt)
            try:
                outcome = send(request)
            finally:
                _ATTEMPT.reset(token)
            if isinstance(outcome, Success):
                head = view(outcome.unwrap())
                if head.status < 400 and head.status not in self.policy.retry_statuses:
                    # An answer the policy does not list is final: skip the clock, the random
                    # draw and the policy on the path almost every request takes.
                    return outcome
                decision: Result[HttpResponse, ConnectionFailure] = Success(head)
            else:
                decision = Failure(outcome.failure())
            wait = next_delay(
                self.policy,
                request,
                decision,
                attempt,
                now=self._clock(),
                random_fraction=self._random(),
            )
            if wait is None or (cancel is not None and cancel.is_set()):
                return outcome
            if isinstance(outcome, Success):
                discard(outcome.unwrap())
            self._note(request, decision, attempt, wait)
            if cancel is None:
                self._sleep(wait)
            elif cancel.wait(wait):
                # Cancelled while waiting to try again: no new attempt. The last answer is
                # already released, so what it was is told in the error.
                return Failure(
                    TransportError(
                        message=f"cancelled before retrying ({describe_outcome(decision)})",
                        code="cancelled",
                    )
                )
            attempt += 1

    def _note(
        self,
        request: HttpRequest,
        outcome: Result[HttpResponse, ConnectionFailure],
        attempt: int,
        wait: float,
    ) -> None:
        logger = self._logger
        if logger is None or not logger.isEnabledFor(logging.INFO):
            return
        logger.info(
            "retrying %s %s in %.3f s (attempt %d of %d failed: %s)",
            request.method,
            redact_url(request.url),
            wait,
            attempt,
            self.policy.max_retries + 1,
            describe_outcome(outcome),
        )


def not_streaming(inner: Executor) -> TransportError:
    """The failure a decorator returns from ``open`` when the executor it wraps cannot stream."""
    return TransportError(
        message=f"{type(inner).__name__} cannot open streaming requests",
        code="not_streaming",
        sent=False,
    )


def _same(response: HttpResponse) -> HttpResponse:
    return response


def _keep(_: object) -> None:
    # A whole answer holds no connection: there is nothing to release before retrying.
    return None


def _head_of(stream: StreamingResponse) -> HttpResponse:
    # The policy decides on status and headers, which is all an opened stream has yet.
    return HttpResponse(status=stream.status, headers=stream.headers)


def _close(stream: StreamingResponse) -> None:
    stream.close()


def describe_outcome(outcome: Result[HttpResponse, ConnectionFailure]) -> str:
    """An outcome in a few words for a log line: ``HTTP 503`` or ``timeout: read timed out``.
    Error messages are built from redacted URLs, so this is safe to log."""
    if isinstance(outcome, Success):
        return f"HTTP {outcome.unwrap().status}"
    error = outcome.failure()
    return f"{error.code}: {error.message}"

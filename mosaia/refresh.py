"""Session refresh as an executor decorator: :class:`RefreshingExecutor`.

It wraps any executor and sends every authenticated request with the current session's access
token. When the session has expired (by the clock it is given) it is renewed before sending;
when a request is answered 401 it is renewed and that request is sent once more. The renewal uses
the grant matching how the session was obtained (:func:`mosaia.session.refresh_call`).

This is the shell around :mod:`mosaia.session`: the decisions are pure functions there; here
live the mutable current session, the lock and the clock. Concurrent requests that find the
session stale share one renewal (the first performs it, the others wait for it and use its
outcome): no stampede of refreshes, and a renewal that fails is not retried by its waiters.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

import msgspec
from returns.pipeline import is_successful
from returns.result import Failure, Result, Success

from mosaia.config import MosaiaConfig
from mosaia.errors import ConnectionFailure, MosaiaError, TimeoutError, TransportError
from mosaia.executors._base import Executor, StreamingExecutor, StreamingResponse
from mosaia.executors._retry import not_streaming
from mosaia.http import HttpRequest, HttpResponse
from mosaia.run import run
from mosaia.session import Session, is_expired, refresh_call, refreshed

R = TypeVar("R")

#: Epoch seconds, like :func:`time.time` (the default) or a simulator's clock.
Clock = Callable[[], float]

REFRESH_FAILED = "REFRESH_FAILED"


def now_ms(clock: Clock | None = None) -> int:
    """``clock`` (default :func:`time.time`) read as epoch milliseconds."""
    return int((clock or time.time)() * 1000)


def with_bearer(request: HttpRequest, token: str) -> HttpRequest:
    """``request`` with its ``Authorization`` header (which must be there) carrying ``token``."""
    headers = tuple(
        (name, f"Bearer {token}") if name.lower() == "authorization" else (name, value)
        for name, value in request.headers
    )
    return msgspec.structs.replace(request, headers=headers)


def refresh_failure_response(error: MosaiaError) -> HttpResponse:
    """The answer a request gets when the renewal it needed failed with ``error``: a 401 in the
    API's error shape with code ``REFRESH_FAILED`` and the renewal's error in the message, so
    running the request is ``Failure(AuthenticationError)`` saying why. It is made here, not
    sent by the server, so it carries no request id."""
    why = f"{error.code}: {error.message}" if error.code else error.message
    body = {
        "error": {
            "message": f"session refresh failed ({why})",
            "code": REFRESH_FAILED,
            "status": 401,
        }
    }
    return HttpResponse(
        status=401,
        headers=(("Content-Type", "application/json"),),
        body=msgspec.json.encode(body),
    )


class _Seen(msgspec.Struct, frozen=True):
    # What a request saw when it started: the session, how many renewals had succeeded and how
    # many had been attempted. A renewal is only attempted by a request that saw the latest.
    session: Session
    generation: int
    attempts: int


class RefreshingExecutor:
    """An executor that keeps ``session`` fresh for everything sent through ``inner``.

    Only requests that carry an ``Authorization`` header are touched (their bearer becomes the
    current access token); the rest (sign-in and token calls, sent without the key) pass
    through. ``config`` prepares the renewal calls, ``clock`` (epoch seconds) decides expiry,
    ``leeway_ms`` renews that much early, and ``on_refresh`` is told each new session (to persist
    it; an exception it raises is ignored, so it cannot fail the request that renewed). A renewal
    that fails makes the request fail with ``AuthenticationError`` (``REFRESH_FAILED``) or the
    renewal's transport error; the request is not sent again.

    Usually built by :meth:`mosaia.Mosaia.with_session`. Thread-safe."""

    def __init__(
        self,
        inner: Executor,
        session: Session,
        config: MosaiaConfig,
        *,
        clock: Clock | None = None,
        leeway_ms: int = 0,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> None:
        # Wrapping a refreshing executor again would renew twice: wrap what it wraps instead.
        self._inner = inner.inner if isinstance(inner, RefreshingExecutor) else inner
        self._config = config
        self._clock = clock or time.time
        self._leeway_ms = leeway_ms
        self._on_refresh = on_refresh
        self._lock = threading.Lock()
        self._session = session
        self._generation = 0
        self._attempts = 0
        self._last_failure: Result[Session, HttpResponse | ConnectionFailure] | None = None
        self._signed_out = False

    def __repr__(self) -> str:
        return f"RefreshingExecutor({type(self._inner).__name__}, {self.session!r})"

    @property
    def inner(self) -> Executor:
        """The executor requests are actually sent through."""
        return self._inner

    @property
    def session(self) -> Session:
        """The current session (renewals replace it)."""
        with self._lock:
            return self._session

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request`` with the current token; renew and resend once on expiry or 401."""
        return self._exchange(request, self._inner.send, lambda r: r.status, lambda r: r)

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Like :meth:`send`, for a streamed answer; a 401 stream is closed before the retry.
        Fails with a ``TransportError`` when the wrapped executor cannot stream."""
        inner = self._inner
        if not isinstance(inner, StreamingExecutor):
            return Failure(not_streaming(inner))

        def buffered(response: HttpResponse) -> StreamingResponse:
            from mosaia.executors._streaming import MemoryStream

            return MemoryStream(response.status, response.headers, [response.body])

        return self._exchange(request, inner.open, lambda s: s.status, buffered, close=_close)

    # --- the one exchange both faces share ---------------------------------------------------

    def _exchange(
        self,
        request: HttpRequest,
        send: Callable[[HttpRequest], Result[R, ConnectionFailure]],
        status: Callable[[R], int],
        answer: Callable[[HttpResponse], R],
        close: Callable[[R], None] = lambda _: None,
    ) -> Result[R, ConnectionFailure]:
        if request.header("authorization") is None or self._signed_out:
            # After a sign-out the session is over: a 401 is the answer, not a cue to renew.
            return send(request)
        if _signs_out(request):
            sent = send(with_bearer(request, self.session.access_token))
            if is_successful(sent) and 200 <= status(sent.unwrap()) < 300:
                with self._lock:
                    self._signed_out = True
            return sent
        seen = self._snapshot()
        if is_expired(seen.session, now_ms(self._clock), self._leeway_ms):
            renewed = self._renew(seen)
            if not is_successful(renewed):
                return self._failed(renewed.failure(), answer)
            # One renewal per request: a 401 to the renewed token is the answer.
            return send(with_bearer(request, renewed.unwrap().access_token))
        sent = send(with_bearer(request, seen.session.access_token))
        if not is_successful(sent) or status(sent.unwrap()) != 401:
            return sent
        close(sent.unwrap())
        renewed = self._renew(seen)
        if not is_successful(renewed):
            return self._failed(renewed.failure(), answer)
        return send(with_bearer(request, renewed.unwrap().access_token))

    @staticmethod
    def _failed(
        error: HttpResponse | ConnectionFailure, answer: Callable[[HttpResponse], R]
    ) -> Result[R, ConnectionFailure]:
        if isinstance(error, TransportError | TimeoutError):
            return Failure(error)
        return Success(answer(error))

    def _snapshot(self) -> _Seen:
        with self._lock:
            return _Seen(self._session, self._generation, self._attempts)

    def _renew(self, seen: _Seen) -> Result[Session, HttpResponse | ConnectionFailure]:
        # Holding the lock through the renewal is the single flight: whoever comes next waits,
        # then finds the generation moved (use the new session) or the attempt count moved
        # with no new session (the renewal it waited for failed: share that failure).
        with self._lock:
            if self._generation != seen.generation:
                return Success(self._session)
            if self._attempts != seen.attempts and self._last_failure is not None:
                return self._last_failure
            self._attempts += 1
            outcome = self._call_refresh(self._session)
            if is_successful(outcome):
                self._session = outcome.unwrap()
                self._generation += 1
                self._last_failure = None
            else:
                self._last_failure = outcome
        if is_successful(outcome) and self._on_refresh is not None:
            # The caller's hook must not fail the caller's request.
            with contextlib.suppress(Exception):
                self._on_refresh(outcome.unwrap())
        return outcome

    def _call_refresh(self, session: Session) -> Result[Session, HttpResponse | ConnectionFailure]:
        answered = run(refresh_call(session), self._config, self._inner).bind(
            lambda token: refreshed(session, token, now_ms(self._clock))
        )
        if is_successful(answered):
            return Success(answered.unwrap())
        error = answered.failure()
        if isinstance(error, TransportError | TimeoutError):
            return Failure(error)
        return Failure(refresh_failure_response(error))


def _signs_out(request: HttpRequest) -> bool:
    """Whether ``request`` ends the session it is sent with: ``DELETE /auth/signout`` without a
    ``token`` naming some other session."""
    parts = urlsplit(request.url)
    return (
        request.method == "DELETE"
        and parts.path.endswith("/auth/signout")
        and not any(key == "token" for key, _ in parse_qsl(parts.query))
    )


def _close(stream: StreamingResponse) -> None:
    stream.close()

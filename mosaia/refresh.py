"""Session refresh as an executor decorator: :class:`RefreshingExecutor`.

It wraps any executor and sends every authenticated request with the current session's access
token. When the session has expired (by the clock it is given) it is renewed before sending;
when a request is answered 401 it is renewed and that request is sent once more. How a session
is renewed is not its business: it is given a ``renew`` function (:data:`Renew`), which the
client builds from its current config and executor stack (:func:`renewer`), so a client moved
to another server or another transport renews there too.

This is the shell around :mod:`mosaia.session`: the decisions are pure functions there; here
live the mutable current session, the locks and the clock. Concurrent requests that find the
session stale share one renewal: the first performs it, the others wait for it and read its
outcome, however it ended. No stampede of refreshes, and a renewal that fails is not repeated by
the requests that were waiting for it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import msgspec
from returns.pipeline import is_successful
from returns.result import Failure, Result, Success

from mosaia._types.envelope import ErrorDetail, ErrorResponse
from mosaia.api.auth import refresh_session
from mosaia.config import MosaiaConfig
from mosaia.errors import (
    AuthenticationError,
    ConnectionFailure,
    MosaiaError,
    RequestTimeout,
    TransportError,
)
from mosaia.executors._base import Executor, StreamingExecutor, StreamingResponse, close_executor
from mosaia.executors._retry import not_streaming
from mosaia.http import HttpRequest, HttpResponse
from mosaia.run import run
from mosaia.session import Clock, Session, ends_session, is_expired, refreshed

__all__ = [
    "REFRESH_FAILED",
    "Clock",
    "RefreshingExecutor",
    "Renew",
    "now_ms",
    "refresh_failed",
    "renewer",
]

R = TypeVar("R")

#: Renews a session: the renewed session, or why there is none. Built by :func:`renewer`.
Renew = Callable[[Session], Result[Session, MosaiaError]]

#: The ``code`` of the :class:`~mosaia.errors.AuthenticationError` a request fails with when
#: the renewal it needed was refused.
REFRESH_FAILED = "REFRESH_FAILED"


def now_ms(clock: Clock | None = None) -> int:
    """``clock`` (epoch seconds; default :func:`time.time`) read as epoch milliseconds."""
    return int((clock or time.time)() * 1000)


def renewer(config: MosaiaConfig, executor: Executor, clock: Clock | None = None) -> Renew:
    """The :data:`Renew` function that runs :func:`mosaia.api.auth.refresh_session` under
    ``config`` through ``executor`` and reads the answer as the renewed session (expiry counted
    by ``clock``). A client builds it from its current config and stack."""

    def renew(session: Session) -> Result[Session, MosaiaError]:
        return run(refresh_session(session), config, executor).bind(
            lambda token: refreshed(session, token, now_ms(clock))
        )

    return renew


def with_bearer(request: HttpRequest, token: str) -> HttpRequest:
    """``request`` with its ``Authorization`` header (which must be there) carrying ``token``."""
    headers = tuple(
        (name, f"Bearer {token}") if name.lower() == "authorization" else (name, value)
        for name, value in request.headers
    )
    return msgspec.structs.replace(request, headers=headers)


def refresh_failed(error: MosaiaError) -> AuthenticationError:
    """What a request fails with when the renewal it needed failed with ``error``: an
    :class:`~mosaia.errors.AuthenticationError` with code :data:`REFRESH_FAILED` and the
    renewal's error in the message. It is made here, not answered by the server, so it carries
    no request id."""
    why = f"{error.code}: {error.message}" if error.code else error.message
    return AuthenticationError(
        status=401, message=f"session refresh failed ({why})", code=REFRESH_FAILED
    )


def _as_answer(error: AuthenticationError) -> HttpResponse:
    # An executor answers with responses or transport failures, so the error travels as the
    # answer that decodes back into it: the API's own error document, from its public Struct.
    detail = ErrorDetail(message=error.message, code=error.code, status=error.status)
    return HttpResponse(
        status=error.status,
        headers=(("Content-Type", "application/json"),),
        body=msgspec.json.encode(ErrorResponse(error=detail)),
    )


_UNFINISHED: Result[Session, MosaiaError] = Failure(
    TransportError(message="session renewal did not finish", code="executor", sent=False)
)


class _Flight:
    """One renewal in progress: its leader sets the outcome, every waiter reads that one."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.outcome = _UNFINISHED
        self._done = threading.Event()

    def finish(self, outcome: Result[Session, MosaiaError]) -> None:
        self.outcome = outcome
        self._done.set()

    def wait(self) -> Result[Session, MosaiaError]:
        # Not bounded here: the renewal is a call with its own finite deadline.
        self._done.wait()
        return self.outcome


class _Seen(msgspec.Struct, frozen=True):
    # What a request saw when it started: the session, how many renewals had succeeded and how
    # many had failed. A request only starts a renewal if neither moved since it looked.
    session: Session
    generation: int
    failures: int
    signed_out: bool


class _Sessions:
    """The mutable session a client (and every client derived from it) acts as: one per
    :meth:`mosaia.Mosaia.with_session`, shared by the refresh layers of derived clients."""

    def __init__(
        self,
        session: Session,
        clock: Clock | None,
        leeway_ms: int,
        on_refresh: Callable[[Session], None] | None,
    ) -> None:
        self.clock = clock
        self.leeway_ms = leeway_ms
        self.on_refresh = on_refresh
        # Held only for reads and writes of the fields below, never across I/O: a request that
        # finds a renewal in flight must be able to look, then wait for that renewal.
        self._lock = threading.Lock()
        self._session = session
        self._generation = 0
        self._failures = 0
        self._last_failure: MosaiaError | None = None
        self._flight: _Flight | None = None
        self._signed_out = False

    @property
    def session(self) -> Session:
        with self._lock:
            return self._session

    def seen(self) -> _Seen:
        with self._lock:
            return _Seen(self._session, self._generation, self._failures, self._signed_out)

    def expired(self, seen: _Seen) -> bool:
        return is_expired(seen.session, now_ms(self.clock), self.leeway_ms)

    def sign_out(self) -> None:
        with self._lock:
            self._signed_out = True

    def renew(self, seen: _Seen, renew: Renew) -> Result[Session, MosaiaError]:
        """The session after the renewal ``seen`` calls for: a newer one if a renewal succeeded
        since, the failure of one that failed since, the outcome of the one in flight, or the
        outcome of a new one this request leads."""
        with self._lock:
            if self._generation != seen.generation:
                return Success(self._session)
            if self._failures != seen.failures and self._last_failure is not None:
                return Failure(self._last_failure)
            flight = self._flight
            leading = flight is None
            if flight is None:
                flight = self._flight = _Flight(self._session)
        if not leading:
            return flight.wait()
        outcome = _UNFINISHED
        try:
            outcome = _guarded(renew, flight.session)
        finally:
            # Whatever happened, the waiters are released with this renewal's outcome.
            with self._lock:
                if is_successful(outcome):
                    self._session = outcome.unwrap()
                    self._generation += 1
                else:
                    self._failures += 1
                    self._last_failure = outcome.failure()
                self._flight = None
            flight.finish(outcome)
        if is_successful(outcome) and self.on_refresh is not None:
            # The caller's hook must not fail the caller's request.
            with contextlib.suppress(Exception):
                self.on_refresh(outcome.unwrap())
        return outcome


def _guarded(renew: Renew, session: Session) -> Result[Session, MosaiaError]:
    # A renew function is supplied code: one that raises must not escape a request.
    try:
        return renew(session)
    except Exception as exc:
        return Failure(
            TransportError(
                message=f"session renewal raised {type(exc).__name__}", code="executor", sent=False
            )
        )


class RefreshingExecutor:
    """An executor that keeps ``session`` fresh for everything sent through ``inner``.

    Only requests that carry an ``Authorization`` header are touched (their bearer becomes the
    current access token); the rest (sign-in and token calls, sent without the key) pass
    through. ``renew`` renews the session (:func:`renewer` builds one; sign-in and token calls
    pass through ``inner`` unchanged, so it may send through it); ``clock`` (epoch seconds,
    default :func:`time.time`) decides expiry, ``leeway_ms`` renews that much early, and
    ``on_refresh`` is told each new session (to persist it; an exception it raises is ignored,
    so it cannot fail the request that renewed). A renewal that fails makes the request fail
    with ``AuthenticationError`` (:data:`REFRESH_FAILED`) or the renewal's transport error; the
    request is not sent again. After a successful sign-out (:func:`mosaia.session.ends_session`)
    the session is over: a 401 is the answer, not a cue to renew.

    Usually built by :meth:`mosaia.Mosaia.with_session`. Thread-safe. ``close`` closes
    ``inner``."""

    def __init__(
        self,
        inner: Executor,
        session: Session,
        renew: Renew,
        *,
        clock: Clock | None = None,
        leeway_ms: int = 0,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> None:
        # Wrapping a refreshing executor again would renew twice: wrap what it wraps instead.
        self._inner = inner.inner if isinstance(inner, RefreshingExecutor) else inner
        self._renew = renew
        self._sessions = _Sessions(session, clock, leeway_ms, on_refresh)

    def rebound(self, inner: Executor, renew: Renew) -> RefreshingExecutor:
        """A refresh layer over ``inner`` renewing with ``renew`` that acts as the same session
        as this one: a renewal (or sign-out) through either is seen by both. What
        :meth:`mosaia.Mosaia.with_config` builds for a client bound to a session."""
        layer = RefreshingExecutor.__new__(RefreshingExecutor)
        layer._inner = inner.inner if isinstance(inner, RefreshingExecutor) else inner
        layer._renew = renew
        layer._sessions = self._sessions
        return layer

    def __repr__(self) -> str:
        return f"RefreshingExecutor({type(self._inner).__name__}, {self.session!r})"

    @property
    def inner(self) -> Executor:
        """The executor requests are actually sent through."""
        return self._inner

    @property
    def session(self) -> Session:
        """The current session (renewals replace it)."""
        return self._sessions.session

    @property
    def clock(self) -> Clock | None:
        """The clock deciding expiry (epoch seconds), ``None`` for the system clock."""
        return self._sessions.clock

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

    def close(self) -> None:
        """Close the wrapped executor (when it can be closed). Harmless twice."""
        close_executor(self._inner)

    # --- the one exchange both faces share ---------------------------------------------------

    def _exchange(
        self,
        request: HttpRequest,
        send: Callable[[HttpRequest], Result[R, ConnectionFailure]],
        status: Callable[[R], int],
        answer: Callable[[HttpResponse], R],
        close: Callable[[R], None] = lambda _: None,
    ) -> Result[R, ConnectionFailure]:
        if request.header("authorization") is None:
            return send(request)
        sessions = self._sessions
        seen = sessions.seen()
        if seen.signed_out:
            return send(request)
        if ends_session(request):
            sent = send(with_bearer(request, seen.session.access_token))
            if is_successful(sent) and 200 <= status(sent.unwrap()) < 300:
                sessions.sign_out()
            return sent
        if sessions.expired(seen):
            renewed = sessions.renew(seen, self._renew)
            if not is_successful(renewed):
                return _failed(renewed.failure(), answer)
            # One renewal per request: a 401 to the renewed token is the answer.
            return send(with_bearer(request, renewed.unwrap().access_token))
        sent = send(with_bearer(request, seen.session.access_token))
        if not is_successful(sent) or status(sent.unwrap()) != 401:
            return sent
        close(sent.unwrap())
        renewed = sessions.renew(seen, self._renew)
        if not is_successful(renewed):
            return _failed(renewed.failure(), answer)
        return send(with_bearer(request, renewed.unwrap().access_token))


def _failed(
    error: MosaiaError, answer: Callable[[HttpResponse], R]
) -> Result[R, ConnectionFailure]:
    # A transport fault of the renewal is the request's own; any other failure is a refusal.
    if isinstance(error, TransportError | RequestTimeout):
        return Failure(error)
    return Success(answer(_as_answer(refresh_failed(error))))


def _close(stream: StreamingResponse) -> None:
    stream.close()

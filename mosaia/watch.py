"""Watching live updates: the shell around :mod:`mosaia.relay` that opens the relay stream,
reads it, and reconnects when it drops.

::

    with client.watch("/activity") as events:
        for result in events:          # Result[LiveEvent[Activity], MosaiaError]
            ...

A watch yields ``Success(LiveEvent)`` values (a ``START`` for each connection, then one
``UPDATE`` per change) for as long as it runs. A dropped connection, a timeout or a server error
is not the end: the watcher waits a jittered, growing delay (:class:`~mosaia.relay.Backoff`) and
reconnects, resuming the activity feed from the last row it saw. It ends with one ``Failure``
only for a refusal that would recur (a bad token, an unknown path, an invalid config) or when
``backoff.attempts`` failures come in a row; and it ends quietly when closed. :meth:`Watcher.close`
may be called from any thread: it shuts the socket, so a read blocked on it ends at once.

The randomness (jitter) and the sleeping live here; every decision is :mod:`mosaia.relay`'s.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Generator, Iterator
from contextlib import suppress
from types import TracebackType
from typing import Generic, TypeVar

from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.config import MosaiaConfig
from mosaia.decode import error_from_response
from mosaia.errors import InvalidRequest, MosaiaError, TransportError
from mosaia.executors._base import Executor, StreamingExecutor, StreamingResponse
from mosaia.executors._log import redact_urllib3_logs
from mosaia.http import HttpRequest, HttpResponse
from mosaia.relay import (
    Backoff,
    Cursor,
    LiveEvent,
    Watch,
    backoff_problem,
    quiet,
    read_frame,
    relay_request,
    resumable,
)
from mosaia.run import executor_raised
from mosaia.sse import SseParser

__all__ = ["AsyncWatcher", "Watcher"]

LOGGER = logging.getLogger("mosaia")

#: The most of an error answer's body kept for the error value.
_ERROR_BODY = 64 * 1024

T = TypeVar("T")

Events = Iterator[Result[LiveEvent[T], MosaiaError]]


class Watcher(Generic[T]):
    """A running watch: iterate it for ``Result[LiveEvent, MosaiaError]``; a context manager
    that closes it on leaving. Reconnects with backoff (see the module doc). One reader at a
    time; :meth:`close` from anywhere."""

    def __init__(
        self,
        target: Watch[T],
        config: MosaiaConfig,
        executor: Executor,
        backoff: Backoff | None = None,
    ) -> None:
        self._watch = target
        self._config = config
        self._executor = executor
        self._backoff = backoff if backoff is not None else Backoff()
        self._random = random.Random()  # noqa: S311 - jitter, not a secret
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._response: StreamingResponse | None = None
        self._events: Events[T] | None = None
        #: Where the watch stands (last activity seen, connections opened), for inspection.
        self.cursor = Cursor()

    def __repr__(self) -> str:
        sse = self._config.sse_url
        shown = redact_url(sse) if isinstance(sse, str) else repr(sse)
        return f"Watcher({self._watch.path} at {shown}, connections={self.cursor.connections})"

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed.is_set()

    def __iter__(self) -> Events[T]:
        if self._events is None:
            self._events = self._run()
        return self._events

    def __enter__(self) -> Watcher[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop watching: wake a reconnection wait, shut the open connection (a read blocked on
        it returns at once) and end the iteration. Safe from any thread, and more than once."""
        self._closed.set()
        with self._lock:
            response, self._response = self._response, None
        if response is not None:
            response.close()
        events = self._events
        if isinstance(events, Generator):
            # ValueError: another thread is reading it right now; the shut socket ends that read.
            with suppress(ValueError):
                events.close()

    def _run(self) -> Events[T]:
        problem = backoff_problem(self._backoff)
        if problem is not None:
            yield Failure(InvalidRequest(message=problem))
            return
        # The token is in every relay URL, and urllib3 logs URLs at DEBUG (turned on at any
        # time, even after the executor was built): mask them always, not only if debugging.
        redact_urllib3_logs()
        while not self.closed:
            prepared = relay_request(self._watch, self.cursor, self._config)
            if not isinstance(prepared, Success):
                yield Failure(prepared.failure())
                return
            request = prepared.unwrap()
            error = yield from self._connection(request)
            if error is None or self.closed:
                return
            if not resumable(error):
                yield Failure(error)
                return
            if quiet(error):
                LOGGER.debug("mosaia: live updates idle; reconnecting")
                continue
            self.cursor = self.cursor.failed()
            if self._backoff.exhausted(self.cursor.failures):
                yield Failure(error)
                return
            delay = self._backoff.delay(self.cursor.failures)
            wait = self._random.uniform(delay / 2, delay)
            LOGGER.info(
                "mosaia: live updates from %s interrupted (%s); reconnecting in %.2fs",
                redact_url(request.url),
                error.message,
                wait,
            )
            self._closed.wait(wait)

    def _connection(
        self, request: HttpRequest
    ) -> Generator[Result[LiveEvent[T], MosaiaError], None, MosaiaError | None]:
        # One connection: its events, then why it ended (None when closed by the caller).
        opened = self._open(request)
        if not isinstance(opened, Success):
            return opened.failure()
        response = opened.unwrap()
        with self._lock:
            if self.closed:
                response.close()
                return None
            self._response = response
        try:
            if response.status != 200:
                return _refusal(response)
            self.cursor = self.cursor.connected()
            parser = SseParser()
            for piece in response.iter_bytes():
                if not isinstance(piece, Success):
                    broken: MosaiaError = piece.failure()
                    return broken
                for event in parser.feed(piece.unwrap()):
                    self.cursor, found = read_frame(event, self._watch, self.cursor)
                    if isinstance(found, LiveEvent):
                        yield Success(found)
                    elif found is not None:
                        LOGGER.warning("mosaia: live update skipped: %s", found.message)
                if parser.buffered > self._config.max_response_bytes:
                    return TransportError(
                        message="relay event larger than max_response_bytes",
                        code="too_large",
                        url=redact_url(request.url),
                    )
            return None if self.closed else _ended(request)
        finally:
            with self._lock:
                if self._response is response:
                    self._response = None
            response.close()

    def _open(self, request: HttpRequest) -> Result[StreamingResponse, MosaiaError]:
        executor = self._executor
        if not isinstance(executor, StreamingExecutor):
            message = f"{type(executor).__name__} cannot stream (it has no open())"
            return Failure(InvalidRequest(message=message))
        try:
            opened = executor.open(request)
        except Exception as exc:  # executors must not raise; one that does may not break us
            return Failure(executor_raised(exc, request))
        return opened if isinstance(opened, Success) else Failure(opened.failure())


def _refusal(response: StreamingResponse) -> MosaiaError:
    chunks: list[bytes] = []
    size = 0
    for piece in response.iter_bytes():
        if not isinstance(piece, Success) or size > _ERROR_BODY:
            break
        chunks.append(piece.unwrap())
        size += len(chunks[-1])
    body = b"".join(chunks)[:_ERROR_BODY]
    return error_from_response(HttpResponse(response.status, response.headers, body))


def _ended(request: HttpRequest) -> MosaiaError:
    # A relay stream has no natural end: one that ends is a connection to resume.
    return TransportError(
        message="the relay ended the stream", code="relay_closed", url=redact_url(request.url)
    )


class AsyncWatcher(Generic[T]):
    """A :class:`Watcher` for ``async with`` / ``async for``: each read runs on a worker
    thread, so the event loop runs while the watch waits. Leaving the block (cancelled or not)
    closes the watch at once, which ends the worker's read too."""

    def __init__(self, watcher: Watcher[T]) -> None:
        self._watcher = watcher
        self._events: Events[T] | None = None

    def __repr__(self) -> str:
        return f"Async{self._watcher!r}"

    @property
    def cursor(self) -> Cursor:
        """Where the watch stands (see :attr:`Watcher.cursor`)."""
        return self._watcher.cursor

    @property
    def closed(self) -> bool:
        """Whether the watch was closed."""
        return self._watcher.closed

    async def __aenter__(self) -> AsyncWatcher[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Directly, not on a thread: closing only sets a flag and shuts a socket, and a
        # cancelled task must not wait for a worker to be free.
        self._watcher.close()

    async def aclose(self) -> None:
        """Stop watching (see :meth:`Watcher.close`)."""
        self._watcher.close()

    def __aiter__(self) -> AsyncWatcher[T]:
        return self

    async def __anext__(self) -> Result[LiveEvent[T], MosaiaError]:
        if self._events is None:
            self._events = iter(self._watcher)
        import asyncio  # here, not at the top: a program that never awaits need not load it

        found = await asyncio.to_thread(next, self._events, None)
        if found is None:
            raise StopAsyncIteration
        return found

"""Answers read as they arrive: the urllib3 implementation of ``StreamingExecutor.open``, and an
in-memory :class:`~mosaia.executors._base.StreamingResponse` for executors that already hold the
whole body (the simulator, fakes).

A stream holds a pooled connection from ``open`` until ``close``: read to its end, the connection
goes back to the pool for reuse. A chat stream is closed a little early as a rule (reading stops
at ``data: [DONE]``, before the body's closing chunk), so ``close`` first reads on for a moment
to find that end; a body that does not end then has its socket shut (the unread rest would
otherwise poison the next request on it), and the pool's slot is released all the same.

A stream has no total deadline: it may run as long as events keep coming. It must deliver its
first event within ``Timeout.first_event_seconds`` of sending, and each later one within
``Timeout.idle_seconds`` of the one before; keep-alive comments do not count, so a server
sending only those is given up on. Closing a stream from another thread shuts its socket, which
ends a read blocked on it at once.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import suppress

import urllib3
from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import StreamingResponse
from mosaia.executors._connect import Connector, connection_failure
from mosaia.executors._deadline import Budget
from mosaia.http import HttpRequest, Pairs

#: The most one read returns; ``read1`` hands over what has arrived without waiting to fill it.
READ_PIECE = 64 * 1024
#: How long and how far closing a stream not read to its end reads on, looking for that end.
#: After ``data: [DONE]`` only the body's closing chunk is left and has usually arrived: finding
#: it keeps the connection (and its TLS session) for the next request instead of shutting it.
DRAIN_SECONDS = 0.05
DRAIN_BYTES = 64 * 1024


def open_stream(
    connector: Connector, request: HttpRequest
) -> Result[StreamingResponse, ConnectionFailure]:
    """Send ``request`` through ``connector`` and return once the status and headers have
    arrived; the body is left on the socket for :meth:`Urllib3Stream.iter_bytes`. The first
    event must come within the request's ``first_event`` limit, headers included. Never
    raises."""
    limits = request.timeout
    budget = Budget(limits.read, "first_event", limits.first_event_seconds)
    return connector.start(request, budget).map(
        lambda response: Urllib3Stream(response, request.url, budget, limits.idle_seconds)
    )


class Urllib3Stream:
    """A urllib3 response whose body is read piece by piece (see :func:`open_stream`), under
    ``budget`` (the first event's deadline, then ``idle`` seconds from each event)."""

    def __init__(
        self,
        response: urllib3.BaseHTTPResponse,
        url: str,
        budget: Budget | None = None,
        idle: float | None = None,
    ) -> None:
        self._response = response
        self._url = url
        self._budget = budget
        self._idle = idle
        self._events = EventClock()
        # Kept now: the response forgets its connection once released, and close() from
        # another thread needs the socket to end a read blocked on it.
        connection = getattr(response, "connection", None)
        self._sock: socket.socket | None = getattr(connection, "sock", None)
        self._finished = False
        self._closed = False
        # Held for each read: close() from another thread must not read the socket at the same
        # time (it shuts the socket instead, which ends that read).
        self._read_lock = threading.Lock()

    @property
    def status(self) -> int:
        """The HTTP status."""
        return self._response.status

    @property
    def headers(self) -> Pairs:
        """The response headers, in the order sent."""
        return tuple(self._response.headers.items())

    def iter_bytes(self) -> Iterator[Result[bytes, ConnectionFailure]]:
        """Body pieces as they arrive; one ``Failure`` instead if the connection breaks, a read
        times out, or an event is overdue (a ``RequestTimeout`` with phase ``first_event`` or
        ``idle``). Each read waits at most the request's read timeout."""
        budget, idle = self._budget, self._idle
        while True:
            with self._read_lock:
                if self._closed:
                    return
                try:
                    piece: bytes | Exception = self._response.read1(READ_PIECE)
                except Exception as exc:
                    piece = exc
            if isinstance(piece, Exception):
                closed_here = self._closed
                self.close()
                if not closed_here:  # a read ended by close() is no failure of the server's
                    yield Failure(connection_failure(piece, self._url, budget))
                return
            if not piece:
                self._finished = True
                return
            if budget is not None and idle is not None and self._events.feed(piece):
                budget.restart("idle", idle)
            yield Success(piece)

    def close(self) -> None:
        """Release the connection: back to the pool when the body was read to its end (or its
        end turns up within :data:`DRAIN_SECONDS` and :data:`DRAIN_BYTES`), shut otherwise.
        Idempotent and never raises."""
        if self._closed:
            return
        self._closed = True
        try:
            clean = self._finished
            if not clean and self._read_lock.acquire(blocking=False):
                try:
                    clean = self._drained()
                finally:
                    self._read_lock.release()
            if not clean:
                self._shut()
                self._response.close()
            self._response.release_conn()
        except Exception:  # noqa: S110 - closing is best effort; a broken socket is already gone
            pass

    def _shut(self) -> None:
        # Shutting the socket (not just closing our file on it) is what wakes a recv blocked in
        # another thread: it returns at once instead of waiting out the read timeout.
        if self._sock is not None:
            with suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def _drained(self) -> bool:
        # Whether the rest of the body could be read at once, leaving the connection clean.
        connection = getattr(self._response, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is None:
            return False
        if self._budget is not None:
            # The budgeted reader sets the socket timeout itself before each read: it has to
            # be told the drain's short limit, or it would put the read timeout back.
            self._budget.restart("drain", DRAIN_SECONDS)
        previous = sock.gettimeout()
        deadline = time.monotonic() + DRAIN_SECONDS
        left = DRAIN_BYTES
        try:
            while left > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                sock.settimeout(remaining)
                piece = self._response.read1(left)
                if not piece:
                    self._finished = True
                    return True
                left -= len(piece)
            return False
        except Exception:
            return False  # a timeout or a broken socket: the caller shuts it
        finally:
            with suppress(Exception):
                sock.settimeout(previous)


class EventClock:
    """Tells, from the raw bytes of a Server-Sent Events body, when an event has been
    completed: a blank line ending a block that had a ``data`` field. Comments (``: ping``) and
    blocks without data dispatch nothing, so they do not count as progress. Keeps a few bytes of
    state, however long a line runs."""

    __slots__ = ("_cr", "_head", "_length", "_pending")

    def __init__(self) -> None:
        self._head = b""  # the first five bytes of the line being read
        self._length = 0  # how long that line is so far
        self._pending = False  # the block so far has a data field
        self._cr = False  # the last piece ended in CR (a CRLF may be split across pieces)

    def feed(self, piece: bytes) -> bool:
        """Take the next piece of the body; whether it completed at least one event."""
        if self._cr and piece.startswith(b"\n"):
            piece = piece[1:]
        self._cr = piece.endswith(b"\r")
        lines = piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        completed = False
        for line in lines[:-1]:
            head = (self._head + line[:5])[:5]
            length = self._length + len(line)
            if length == 0:
                completed = completed or self._pending
                self._pending = False
            elif head == b"data:" or (length == 4 and head == b"data"):
                self._pending = True
            self._head, self._length = b"", 0
        last = lines[-1]
        self._head = (self._head + last[:5])[:5]
        self._length += len(last)
        return completed


class MemoryStream:
    """A :class:`~mosaia.executors._base.StreamingResponse` over pieces already in memory,
    optionally ending in a connection failure instead of a clean end (how a simulator plays a
    stream cut mid-way)."""

    def __init__(
        self,
        status: int,
        headers: Pairs,
        pieces: Iterable[bytes],
        failure: ConnectionFailure | None = None,
    ) -> None:
        self._status = status
        self._headers = headers
        self._pieces = list(pieces)
        self._failure = failure
        self._closed = False

    @property
    def status(self) -> int:
        """The HTTP status."""
        return self._status

    @property
    def headers(self) -> Pairs:
        """The response headers."""
        return self._headers

    def iter_bytes(self) -> Iterator[Result[bytes, ConnectionFailure]]:
        """The pieces, then the failure if there is one."""
        for piece in self._pieces:
            if self._closed:
                return
            yield Success(piece)
        if self._failure is not None and not self._closed:
            yield Failure(self._failure)

    def close(self) -> None:
        """Stop yielding pieces."""
        self._closed = True


def cut_failure(url: str) -> TransportError:
    """The error a stream cut mid-way reads as (what urllib3 reports for a dropped connection)."""
    return TransportError(
        message="connection broken: the stream ended mid-way",
        code="connection_broken",
        url=redact_url(url),
    )

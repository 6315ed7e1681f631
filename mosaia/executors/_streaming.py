"""Answers read as they arrive: the urllib3 implementation of ``StreamingExecutor.open``, and an
in-memory :class:`~mosaia.executors._base.StreamingResponse` for executors that already hold the
whole body (the simulator, fakes).

A stream holds a pooled connection from ``open`` until ``close``: read to its end, the connection
goes back to the pool for reuse. A chat stream is closed a little early as a rule (reading stops
at ``data: [DONE]``, before the body's closing chunk), so ``close`` first reads on for a moment
to find that end; a body that does not end then has its socket shut (the unread rest would
otherwise poison the next request on it), and the pool's slot is released all the same.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import suppress

import urllib3
from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import StreamingResponse
from mosaia.executors._pool import Connector, connection_failure
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
    arrived; the body is left on the socket for :meth:`Urllib3Stream.iter_bytes`. Never
    raises."""
    return connector.start(request).map(lambda response: Urllib3Stream(response, request.url))


class Urllib3Stream:
    """A urllib3 response whose body is read piece by piece (see :func:`open_stream`)."""

    def __init__(self, response: urllib3.BaseHTTPResponse, url: str) -> None:
        self._response = response
        self._url = url
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
        """Body pieces as they arrive; one ``Failure`` instead if the connection breaks or a read
        times out. Each read waits at most the request's read timeout."""
        while True:
            with self._read_lock:
                if self._closed:
                    return
                try:
                    piece: bytes | Exception = self._response.read1(READ_PIECE)
                except Exception as exc:
                    piece = exc
            if isinstance(piece, Exception):
                self.close()
                yield Failure(connection_failure(piece, self._url))
                return
            if not piece:
                self._finished = True
                return
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
                self._response.close()
            self._response.release_conn()
        except Exception:  # noqa: S110 - closing is best effort; a broken socket is already gone
            pass

    def _drained(self) -> bool:
        # Whether the rest of the body could be read at once, leaving the connection clean.
        connection = getattr(self._response, "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is None:
            return False
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

"""Answers read as they arrive: the urllib3 implementation of ``StreamingExecutor.open``, and an
in-memory :class:`~mosaia.executors.base.StreamingResponse` for executors that already hold the
whole body (the simulator, fakes).

A stream holds a pooled connection from ``open`` until ``close``: read to its end, the connection
goes back to the pool for reuse; closed early, its socket is shut (the unread rest of the body
would otherwise poison the next request on it) and the pool's slot is released all the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import urllib3
from returns.result import Failure, Result, Success

from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors.base import StreamingResponse
from mosaia.executors.pool import connection_failure, start
from mosaia.http import HttpRequest, redact_url
from mosaia.request import Pairs

#: The most one read returns; ``read1`` hands over what has arrived without waiting to fill it.
READ_PIECE = 64 * 1024


def open_stream(
    pool: urllib3.PoolManager, request: HttpRequest
) -> Result[StreamingResponse, ConnectionFailure]:
    """Send ``request`` through ``pool`` and return once the status and headers have arrived;
    the body is left on the socket for :meth:`Urllib3Stream.iter_bytes`. Never raises."""
    return start(pool, request).map(lambda response: Urllib3Stream(response, request.url))


class Urllib3Stream:
    """A urllib3 response whose body is read piece by piece (see :func:`open_stream`)."""

    def __init__(self, response: urllib3.BaseHTTPResponse, url: str) -> None:
        self._response = response
        self._url = url
        self._finished = False
        self._closed = False

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
        while not self._closed:
            try:
                piece = self._response.read1(READ_PIECE)
            except Exception as exc:
                self.close()
                yield Failure(connection_failure(exc, self._url))
                return
            if not piece:
                self._finished = True
                return
            yield Success(piece)

    def close(self) -> None:
        """Release the connection: back to the pool when the body was read to its end, shut
        otherwise. Idempotent and never raises."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self._finished:
                self._response.close()
            self._response.release_conn()
        except Exception:  # noqa: S110 - closing is best effort; a broken socket is already gone
            pass


class MemoryStream:
    """A :class:`~mosaia.executors.base.StreamingResponse` over pieces already in memory,
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

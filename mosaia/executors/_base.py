"""The executor protocols: the one seam between the pure core and the network."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import Protocol, runtime_checkable

from returns.result import Result

from mosaia.errors import ConnectionFailure
from mosaia.http import HttpRequest, HttpResponse, Pairs


@runtime_checkable
class Executor(Protocol):
    """Sends one prepared request and returns the whole answer, or why there is none.

    Implementations must not raise: every fault is a ``Failure``. An HTTP error status is not a
    fault here (it is a response); turning it into an error value is the decoder's job. Anything
    with this method is an executor: the urllib3 one, the simulator, a fake, a decorator.

    An executor may also have ``close()``, releasing what it holds (pooled connections); it is
    optional, so callers close through :func:`close_executor`, which calls it only if present.
    Closing twice must be harmless. A decorator keeps the executor it wraps as ``inner`` and
    forwards ``close`` to it."""

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request``; return its response or the transport failure."""
        ...


class StreamingResponse(Protocol):
    """An answer whose body is read as it arrives (Server-Sent Events).

    ``iter_bytes`` yields body pieces as ``Success(bytes)`` and ends after the last one, or
    yields one ``Failure`` if the connection breaks first. ``close`` releases the connection
    (back to the pool when the body was read to the end); calling it twice is harmless."""

    @property
    def status(self) -> int:
        """The HTTP status."""
        ...

    @property
    def headers(self) -> Pairs:
        """The response headers, as sent."""
        ...

    def iter_bytes(self) -> Iterator[Result[bytes, ConnectionFailure]]:
        """The body, piece by piece, as it arrives."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


@runtime_checkable
class StreamingExecutor(Executor, Protocol):
    """An executor that can also open a request whose answer is read incrementally.

    Decorators (retries, auth refresh, logging) forward ``open`` to the executor they wrap;
    retries apply only to opening, never to a stream already being read."""

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Send ``request`` and return as soon as the status and headers have arrived."""
        ...


def close_executor(executor: object) -> None:
    """Call ``executor.close()`` if it has one (``close`` is optional for executors); an
    exception it raises is swallowed, since closing is best effort and must not fail the
    caller's cleanup."""
    close = getattr(executor, "close", None)
    if callable(close):
        with suppress(Exception):
            close()

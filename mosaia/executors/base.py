"""The executor protocol: the one seam between the pure core and the network."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from returns.result import Result

from mosaia.errors import ConnectionFailure
from mosaia.http import HttpRequest, HttpResponse


@runtime_checkable
class Executor(Protocol):
    """Sends one prepared request and returns the whole answer, or why there is none.

    Implementations must not raise: every fault is a ``Failure``. An HTTP error status is not a
    fault here (it is a response); turning it into an error value is the decoder's job. Anything
    with this method is an executor: the urllib3 one, the simulator, a fake, a decorator."""

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request``; return its response or the transport failure."""
        ...

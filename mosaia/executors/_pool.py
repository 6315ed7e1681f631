"""The real network: :class:`Urllib3Executor` sends prepared requests over one urllib3 pool."""

from __future__ import annotations

import ssl
from typing import Any

import urllib3
from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import StreamingResponse
from mosaia.executors._connect import Connector, connection_failure, proxied, read_capped
from mosaia.executors._deadline import Budget
from mosaia.executors._log import redact_urllib3_logs
from mosaia.executors._streaming import open_stream
from mosaia.http import HttpRequest, HttpResponse, Pairs


class Urllib3Executor:
    """Sends requests over a single thread-safe ``urllib3.PoolManager`` (keep-alive, TLS verified
    by default). urllib3's own retries and redirects are off: retrying is a policy decision made
    by :mod:`mosaia.executors._retry`, and the API never redirects.

    Never raises: refused/reset connections, TLS faults, timeouts, truncated or oversized bodies
    all come back as ``Failure(TransportError | RequestTimeout)``. Each attempt meets its
    ``Timeout.total`` however slowly the server sends (see :mod:`mosaia.executors._deadline`).

    ``proxy_url`` sends everything through that HTTP(S) proxy (``http://user:pw@host:port``
    credentials become a ``Proxy-Authorization`` header) using urllib3's ``ProxyManager``;
    :func:`mosaia.executors._stack.default_executor` picks it from the config or from
    ``HTTPS_PROXY``/``NO_PROXY``.
    """

    def __init__(
        self,
        *,
        pool: urllib3.PoolManager | None = None,
        maxsize: int = 64,
        ca_certs: str | None = None,
        verify: bool = True,
        proxy_url: str | None = None,
    ) -> None:
        if pool is None:
            kwargs: dict[str, Any] = {"maxsize": maxsize, "block": False, "retries": False}
            if not verify:
                kwargs["cert_reqs"] = ssl.CERT_NONE
            elif ca_certs is not None:
                kwargs["ca_certs"] = ca_certs
            pool = (
                urllib3.PoolManager(**kwargs) if proxy_url is None else proxied(proxy_url, kwargs)
            )
        self._pool = pool
        self._connector = Connector(pool)
        # urllib3 logs request lines with their query at DEBUG; tokens there must not reach a
        # log. Only an application that enabled that logging gets the filter (import is silent).
        redact_urllib3_logs(if_debugging=True)

    @property
    def pool(self) -> urllib3.PoolManager:
        """The underlying pool (shared by every request this executor sends)."""
        return self._pool

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request`` and read the whole answer, up to ``request.max_body`` bytes."""
        url = request.url
        budget = Budget(request.timeout.read, "total", request.timeout.total_seconds)
        started = self._connector.start(request, budget)
        if not isinstance(started, Success):
            return Failure(started.failure())
        response = started.unwrap()
        try:
            body = read_capped(response, request.max_body, budget)
        except Exception as exc:
            response.close()
            return Failure(connection_failure(exc, url, budget))
        if body is None:
            response.close()
            return Failure(
                TransportError(
                    message=f"answer larger than max_response_bytes ({request.max_body})",
                    code="response_too_large",
                    url=redact_url(url),
                )
            )
        response.release_conn()
        return Success(
            HttpResponse(
                status=response.status,
                headers=header_pairs(response.headers),
                body=body,
            )
        )

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Send ``request`` and return once the status and headers have arrived; the body is read
        as it comes (Server-Sent Events). See :mod:`mosaia.executors._streaming`."""
        return open_stream(self._connector, request)

    def close(self) -> None:
        """Close every pooled connection; the executor stays usable (it reconnects), and closing
        twice is harmless."""
        self._connector.close()


def header_pairs(headers: urllib3.HTTPHeaderDict) -> Pairs:
    """The answer's header lines as ``(name, value)`` pairs, names as sent, in order, a repeated
    header once per value: what ``tuple(headers.items())`` gives, read straight from the dict's
    store (``[name, *values]`` per header), since ``items()`` lower-cases every name again to
    look it up (about 1.5 µs of a 200 µs request, on every answer)."""
    return tuple((entry[0], value) for entry in headers._container.values() for value in entry[1:])

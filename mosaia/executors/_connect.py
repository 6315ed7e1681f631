"""Connections through a urllib3 pool: starting a request, reading a capped body, and turning
urllib3's exceptions into the SDK's failures. Shared by the whole-answer and the streaming paths."""

from __future__ import annotations

import builtins
import ssl
import time
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

import urllib3
from returns.result import Failure, Result, Success
from urllib3 import exceptions as u3
from urllib3.util import make_headers, parse_url

from mosaia._redact import redact_url, scrub
from mosaia.errors import ConnectionFailure, RequestTimeout, TransportError
from mosaia.executors._bodies import (
    SourceChanged,
    source_failure,
    streamed_chunks,
    streamed_problem,
)
from mosaia.executors._deadline import Budget, begin, budgeted, end
from mosaia.http import HttpRequest, Streamed

_READ_CHUNK = 256 * 1024
#: How many origins' connection pools a connector keeps at hand (the pool manager keeps its own
#: bounded set; this is only the shortcut to them).
_ORIGINS = 16


class Connector:
    """Starts exchanges over one ``PoolManager``: the one way this package sends, whole or
    streamed, with urllib3's own retries and redirects off and the body left unread.

    Going through ``PoolManager.request`` re-parses the URL and rebuilds the pool key on every
    call; the benchmarks showed that as the largest cost the SDK adds over raw urllib3 for small
    answers. So the last few origins' connection pools are kept here (at most ``_ORIGINS``, and
    never one the manager has since closed), and recent timeout values map to ready
    ``urllib3.Timeout`` objects through a small LRU cache: both stay bounded however many
    origins and per-call timeouts a long-lived process uses. A proxy manager keeps the general
    path (it rewrites requests for the proxy)."""

    def __init__(self, pool: urllib3.PoolManager) -> None:
        self.pool = pool
        budgeted(pool)
        self._direct = not isinstance(pool, urllib3.ProxyManager)
        self._origins: dict[str, urllib3.HTTPConnectionPool] = {}

    def start(
        self, request: HttpRequest, budget: Budget | None = None
    ) -> Result[urllib3.BaseHTTPResponse, ConnectionFailure]:
        """Send ``request``; its response with the body still on the socket, every read of
        which (headers included) is held to ``budget``. A streamed body's files are checked
        first: one gone or resized since the call was built fails it unsent. Never raises."""
        if isinstance(request.body, Streamed):
            problem = streamed_problem(request.body)
            if problem is not None:
                return Failure(source_failure(problem, redact_url(request.url)))
        token = None if budget is None else begin(budget)
        try:
            return Success(self._urlopen(request))
        except Exception as exc:
            return Failure(connection_failure(exc, request.url, budget))
        finally:
            if token is not None:
                end(token)

    @property
    def origins(self) -> int:
        """How many origins' pools are kept at hand (at most ``_ORIGINS``)."""
        return len(self._origins)

    def _urlopen(self, request: HttpRequest) -> urllib3.BaseHTTPResponse:
        limits = request.timeout
        timeout = urllib3_timeout(limits.connect, limits.read)
        body = request.body
        if isinstance(body, Streamed):
            # A fresh reader per attempt (a retry reopens the files), and an explicit length:
            # given one, urllib3 sends a generator as it is rather than chunked.
            chunks = streamed_chunks(body)
            headers = {k: v for k, v in request.headers if k.lower() != "content-length"}
            headers["Content-Length"] = str(body.length)
            try:
                return self._open(request, chunks, headers, timeout)
            finally:
                chunks.close()  # the files are closed now, however the sending ended
        return self._open(request, body, dict(request.headers), timeout)

    def _open(
        self, request: HttpRequest, body: Any, headers: dict[str, str], timeout: urllib3.Timeout
    ) -> urllib3.BaseHTTPResponse:
        options: dict[str, Any] = {
            "body": body,
            "headers": headers,
            "timeout": timeout,
            "retries": False,
            "redirect": False,
            "preload_content": False,
        }
        url = request.url
        if not self._direct:
            return self.pool.request(request.method, url, **options)
        cut = url.find("/", url.find("//") + 2)
        origin, target = (url, "/") if cut < 0 else (url[:cut], url[cut:])
        return self.pool_for(origin).urlopen(
            request.method, target, assert_same_host=False, **options
        )

    def pool_for(self, origin: str) -> urllib3.HTTPConnectionPool:
        """The connection pool for ``origin`` (``scheme://host:port``)."""
        connections = self._origins.get(origin)
        # The manager closes the pools it evicts (it keeps a bounded number): one kept here
        # after that would fail every request with ClosedPoolError.
        if connections is None or connections.pool is None:
            connections = self.pool.connection_from_url(origin)
            if len(self._origins) >= _ORIGINS:
                self._origins.clear()  # the manager still holds them; this is only a shortcut
            self._origins[origin] = connections
        return connections

    def close(self) -> None:
        """Close every connection this connector holds (the manager's own ``clear`` only drops
        its references, which would leave the pools kept here open)."""
        origins, self._origins = self._origins, {}
        for connections in origins.values():
            connections.close()
        self.pool.clear()


def proxied(proxy_url: str, kwargs: dict[str, Any]) -> urllib3.PoolManager:
    # urllib3 ignores credentials in the proxy URL; they have to travel as a header.
    parsed = parse_url(proxy_url)
    headers: dict[str, str] = {}
    if parsed.auth:
        headers = make_headers(proxy_basic_auth=unquote(parsed.auth))
        proxy_url = parsed._replace(auth=None).url
    return urllib3.ProxyManager(proxy_url, proxy_headers=headers, **kwargs)


@lru_cache(maxsize=64)
def urllib3_timeout(connect: float, read: float) -> urllib3.Timeout:
    """The ``urllib3.Timeout`` for these limits, shared by the requests that use them: a small
    LRU cache, so per-call timeouts that all differ cannot grow it."""
    return urllib3.Timeout(connect=connect, read=read)


def read_capped(
    response: urllib3.BaseHTTPResponse, cap: int, budget: Budget | None = None
) -> bytes | None:
    """The whole body, or ``None`` once it exceeds ``cap`` bytes (checked before reading when the
    server declares a length, so an oversized answer is refused without buffering it). The
    ``budget``'s deadline is also checked between pieces, for pools that do not enforce it on
    every read (one a caller built with pool classes of its own)."""
    headers = response.headers
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit():
        if int(declared) > cap:
            return None
        # A compressed answer is decoded while read, so its declared length says nothing about
        # what it becomes in memory: count the decoded bytes below instead. (``in``, not
        # ``get``: a missing header costs ``get`` a raised and caught KeyError.)
        if "content-encoding" not in headers:
            return response.read()
    parts: list[bytes] = []
    total = 0
    while chunk := response.read1(_READ_CHUNK):
        total += len(chunk)
        if total > cap:
            return None
        parts.append(chunk)
        if budget is not None and time.monotonic() > budget.deadline:
            budget.expired = True
            raise builtins.TimeoutError(budget.describe())
    return b"".join(parts)


def connection_failure(
    exc: BaseException, url: str, budget: Budget | None = None
) -> ConnectionFailure:
    """The error value for an exception urllib3 (or the socket below it) raised; a
    ``RequestTimeout`` naming the limit when ``budget`` ran out."""
    safe_url = redact_url(url)
    if budget is not None and budget.expired:
        return RequestTimeout(message=budget.describe(), url=safe_url, phase=budget.phase)
    if isinstance(exc, SourceChanged):
        return source_failure(str(exc), safe_url)
    # Some urllib3 messages quote the request path; its query may hold a token.
    detail = scrub(_describe(exc), url)
    if isinstance(exc, u3.ProxyError):
        return TransportError(
            message=f"proxy failure: {detail}", code="proxy_error", url=safe_url, sent=False
        )
    if isinstance(exc, u3.NewConnectionError):
        return TransportError(
            message=f"could not connect: {detail}", code="connect_error", url=safe_url, sent=False
        )
    if isinstance(exc, u3.ConnectTimeoutError):
        return RequestTimeout(message=f"connect timed out: {detail}", url=safe_url, phase="connect")
    if isinstance(exc, u3.ReadTimeoutError | builtins.TimeoutError):
        return RequestTimeout(message=f"read timed out: {detail}", url=safe_url, phase="read")
    if isinstance(exc, u3.SSLError | ssl.SSLError):
        return TransportError(
            message=f"TLS failure: {detail}", code="tls_error", url=safe_url, sent=False
        )
    if isinstance(exc, u3.ProtocolError | u3.IncompleteRead):
        return TransportError(
            message=f"connection broken: {detail}", code="connection_broken", url=safe_url
        )
    return TransportError(message=f"request failed: {detail}", url=safe_url)


def _describe(exc: BaseException) -> str:
    # urllib3 messages embed the pool object's repr; the innermost cause reads better.
    text = str(exc) or type(exc).__name__
    cause = exc.__cause__ or exc.__context__
    if cause is not None and str(cause) and str(cause) not in text:
        text = f"{text} ({cause})"
    return text

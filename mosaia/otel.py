"""OpenTelemetry tracing: one CLIENT span per HTTP attempt, named and attributed by the HTTP
semantic conventions (``pip install 'mosaia[otel]'``).

:class:`TracingExecutor` decorates any executor. Put it *inside* the retrying executor, so that
each attempt is its own span (a retry carries ``http.request.resend_count``):
:func:`traced_executor` builds the default stack that way::

    client = Mosaia(config, traced_executor(config))

Spans hold only what the redaction rules of :mod:`mosaia._redact` let through: ``url.full``
is the redacted URL, and no request header is recorded (so no ``Authorization``). Which
OpenTelemetry SDK, exporter and sampler record them is the application's choice: without a
configured SDK the API's no-op tracer costs next to nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, TracerProvider
from opentelemetry.util.types import AttributeValue
from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia._version import __version__
from mosaia.config import MosaiaConfig
from mosaia.errors import ConnectionFailure
from mosaia.executors._base import Executor, StreamingExecutor, StreamingResponse, close_executor
from mosaia.executors._retry import RetryingExecutor, current_attempt, not_streaming
from mosaia.executors._stack import default_executor
from mosaia.http import HttpRequest, HttpResponse, Pairs, find_header
from mosaia.retry import RetryPolicy

__all__ = ["TracingExecutor", "traced_executor"]

#: The methods the semantic conventions name; any other is recorded as ``_OTHER``.
KNOWN_METHODS = frozenset(
    {"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"}
)
#: The response header carrying the platform's id for a request (quoted in support tickets).
REQUEST_ID = "x-request-id"


class TracingExecutor:
    """An executor that sends through ``inner`` and records one OpenTelemetry CLIENT span per
    request it sends: name ``GET`` (the method), attributes ``http.request.method``,
    ``url.full`` (redacted), ``server.address``, ``server.port``,
    ``http.response.status_code``, ``http.request.resend_count`` (on a retry, when inside a
    :class:`~mosaia.executors.RetryingExecutor`), ``error.type`` (the status code of an error
    answer, or the code of a transport failure such as ``timeout``) and
    ``http.response.header.x-request-id``. A stream's span ends when the stream is closed.

    ``tracer_provider`` defaults to the global one. ``close`` closes ``inner``. Never raises
    (beyond what ``inner`` does, which is nothing for the SDK's executors)."""

    def __init__(self, inner: Executor, tracer_provider: TracerProvider | None = None) -> None:
        self.inner = inner
        self.tracer: Tracer = trace.get_tracer(
            "mosaia", __version__, tracer_provider=tracer_provider
        )

    def __repr__(self) -> str:
        return f"TracingExecutor({self.inner!r})"

    def close(self) -> None:
        """Close the wrapped executor (when it can be closed). Harmless twice."""
        close_executor(self.inner)

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request`` through ``inner`` within a span."""
        span = self._start(request)
        try:
            with trace.use_span(span, end_on_exit=False):
                outcome = self.inner.send(request)
            if isinstance(outcome, Success):
                answered(span, outcome.unwrap().status, outcome.unwrap().headers)
            else:
                failed(span, outcome.failure())
        finally:
            span.end()
        return outcome

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Open a streaming request through ``inner`` within a span that ends when the stream
        is closed (or at once, when it fails to open)."""
        inner = self.inner
        if not isinstance(inner, StreamingExecutor):
            return Failure(not_streaming(inner))
        span = self._start(request)
        try:
            with trace.use_span(span, end_on_exit=False):
                outcome = inner.open(request)
        except BaseException:
            span.end()
            raise
        if isinstance(outcome, Failure):
            failed(span, outcome.failure())
            span.end()
            return outcome
        stream = outcome.unwrap()
        answered(span, stream.status, stream.headers)
        return Success(TracedStream(stream, span))

    def _start(self, request: HttpRequest) -> Span:
        method = request.method.upper()
        known = method in KNOWN_METHODS
        attributes = request_attributes(request)
        return self.tracer.start_span(
            method if known else "HTTP", kind=SpanKind.CLIENT, attributes=attributes
        )


class TracedStream:
    """A stream whose span ends when it is closed; a failure while reading is recorded on the
    span (``error.type`` and an error status)."""

    def __init__(self, stream: StreamingResponse, span: Span) -> None:
        self._stream = stream
        self._span = span
        self._ended = False

    @property
    def status(self) -> int:
        """The HTTP status."""
        return self._stream.status

    @property
    def headers(self) -> Pairs:
        """The response headers, as sent."""
        return self._stream.headers

    def iter_bytes(self) -> Iterator[Result[bytes, ConnectionFailure]]:
        """The body, piece by piece, as it arrives."""
        for piece in self._stream.iter_bytes():
            if isinstance(piece, Failure) and not self._ended:
                failed(self._span, piece.failure())
            yield piece

    def close(self) -> None:
        """Release the connection and end the span. Harmless twice."""
        try:
            self._stream.close()
        finally:
            if not self._ended:
                self._ended = True
                self._span.end()


def request_attributes(request: HttpRequest) -> dict[str, AttributeValue]:
    """A request's span attributes: method, redacted URL, server address and port, and the
    resend count of a retry. Nothing from the request's headers or body."""
    method = request.method.upper()
    attributes: dict[str, AttributeValue] = {
        "http.request.method": method if method in KNOWN_METHODS else "_OTHER",
        "url.full": redact_url(request.url),
    }
    if method not in KNOWN_METHODS:
        attributes["http.request.method_original"] = request.method
    try:
        parts = urlsplit(request.url)
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    else:
        if port is None:
            port = {"https": 443, "http": 80}.get(parts.scheme)
    if host:
        attributes["server.address"] = host
    if port is not None:
        attributes["server.port"] = port
    resends = current_attempt() - 1
    if resends > 0:
        attributes["http.request.resend_count"] = resends
    return attributes


def answered(span: Span, status: int, headers: Pairs) -> None:
    """Record an answer on ``span``: its status code, its request id, and for a status of 400
    or more ``error.type`` and an error status (a client span's convention)."""
    span.set_attribute("http.response.status_code", status)
    request_id = find_header(headers, REQUEST_ID)
    if request_id:
        span.set_attribute(f"http.response.header.{REQUEST_ID}", [request_id])
    if status >= 400:
        span.set_attribute("error.type", str(status))
        span.set_status(Status(StatusCode.ERROR))


def failed(span: Span, error: ConnectionFailure) -> None:
    """Record a failure to get an answer: ``error.type`` is its code (``timeout``,
    ``connection_error``, ...) and the status carries its message (built from redacted URLs)."""
    span.set_attribute("error.type", error.code or type(error).__name__)
    span.set_status(Status(StatusCode.ERROR, error.message))


def traced_executor(
    config: MosaiaConfig,
    *,
    tracer_provider: TracerProvider | None = None,
    environ: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
) -> Executor:
    """The default executor stack for ``config`` (see
    :func:`~mosaia.executors.default_executor`) with a :class:`TracingExecutor` inside the
    retries, so each attempt is a span; without retries, around the whole stack."""
    stack = default_executor(config, environ=environ, policy=policy)
    if isinstance(stack, RetryingExecutor):
        # The stack was built for this call alone: putting the tracer under its retries
        # changes nothing anyone else holds.
        stack.inner = TracingExecutor(stack.inner, tracer_provider)
        return stack
    return TracingExecutor(stack, tracer_provider)

"""``LoggingExecutor``: one log line per attempt on the stdlib logger ``mosaia``, secrets masked.

Off by default: the default executor only includes it when ``MOSAIA_LOG=info`` or
``MOSAIA_LOG=debug`` is set (see :func:`logger_from_env`), or when the application has already
enabled INFO on the ``mosaia`` logger. At INFO each attempt is one line: method, URL, status,
elapsed time, attempt number and request id. DEBUG adds the request and response headers and
bodies. Every piece goes through the redaction of :mod:`mosaia.http`, and the bearer token of
the request is masked in the finished line as well, in case it turned up anywhere else.

Importing the SDK changes no logging state beyond the customary ``NullHandler`` on its own
``mosaia`` logger. urllib3's loggers get :class:`RedactingFilter` only once logging is in play:
when a :class:`LoggingExecutor` is built, when ``MOSAIA_LOG`` turns logging on, or when a
urllib3 executor is built while urllib3's own DEBUG lines (which quote URLs) are enabled.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from returns.result import Failure, Result, Success

from mosaia._redact import body_preview, redact_headers, redact_url, scrub
from mosaia.errors import ConnectionFailure
from mosaia.executors._base import (
    Executor,
    StreamingExecutor,
    StreamingResponse,
    close_executor,
)
from mosaia.executors._retry import current_attempt, describe_outcome, not_streaming
from mosaia.http import HttpRequest, HttpResponse, Streamed, streamed_summary

#: The SDK's logger. Silent unless the application or ``MOSAIA_LOG`` turns it on.
LOGGER = logging.getLogger("mosaia")
LOGGER.addHandler(logging.NullHandler())

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LoggingExecutor:
    """An executor that sends through ``inner`` and logs each exchange on ``logger``.

    Costs one ``isEnabledFor`` check when the logger is off. ``monotonic`` measures elapsed
    time (``time.perf_counter`` by default; a duration clock, not the epoch ``clock`` of the
    SDK's convention). Log records carry the fields as attributes too (``http_method``,
    ``http_url``, ``http_status``, ``elapsed_ms``, ``attempt``, ``request_id``) for structured
    handlers. Building one attaches :class:`RedactingFilter` to urllib3's loggers. ``close``
    closes ``inner``. Never raises."""

    def __init__(
        self,
        inner: Executor,
        logger: logging.Logger | None = None,
        *,
        monotonic: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.inner = inner
        self.logger = logger if logger is not None else LOGGER
        self._monotonic = monotonic
        redact_urllib3_logs()

    def close(self) -> None:
        """Close the wrapped executor (when it can be closed). Harmless twice."""
        close_executor(self.inner)

    def __repr__(self) -> str:
        return f"LoggingExecutor({self.inner!r}, logger={self.logger.name!r})"

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request`` through ``inner``, logging the exchange."""
        if not self.logger.isEnabledFor(logging.INFO):
            return self.inner.send(request)
        self._request(request)
        start = self._monotonic()
        outcome = self.inner.send(request)
        self._outcome(request, outcome, self._monotonic() - start, body=True)
        return outcome

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Open a streaming request through ``inner``, logging the status and headers (the
        body is not logged: it is still arriving)."""
        inner = self.inner
        if not isinstance(inner, StreamingExecutor):
            return Failure(not_streaming(inner))
        if not self.logger.isEnabledFor(logging.INFO):
            return inner.open(request)
        self._request(request)
        start = self._monotonic()
        opened = inner.open(request)
        head: Result[HttpResponse, ConnectionFailure] = opened.map(
            lambda stream: HttpResponse(status=stream.status, headers=stream.headers)
        )
        self._outcome(request, head, self._monotonic() - start, body=False)
        return opened

    def _request(self, request: HttpRequest) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            sent = request.body
            body = (  # a streamed body as its length and files: never their contents
                streamed_summary(sent)
                if isinstance(sent, Streamed)
                else body_preview(sent, request.header("content-type"))
            )
            self._emit(
                logging.DEBUG,
                request,
                f"> {request.method} {redact_url(request.url)} "
                f"headers={list(redact_headers(request.headers))!r}"
                + (f" body={body}" if request.body is not None else ""),
                {},
            )

    def _outcome(
        self,
        request: HttpRequest,
        outcome: Result[HttpResponse, ConnectionFailure],
        elapsed: float,
        *,
        body: bool,
    ) -> None:
        attempt = current_attempt()
        fields: dict[str, Any] = {
            "http_method": request.method,
            "http_url": redact_url(request.url),
            "elapsed_ms": round(elapsed * 1000.0, 1),
            "attempt": attempt,
        }
        line = f"{request.method} {fields['http_url']} -> "
        tail = f"in {fields['elapsed_ms']} ms (attempt {attempt}"
        if isinstance(outcome, Success):
            response = outcome.unwrap()
            request_id = response.request_id
            fields.update(http_status=response.status, request_id=request_id)
            line += f"{response.status} {tail}, request id {request_id})"
            self._emit(logging.INFO, request, line, fields)
            if self.logger.isEnabledFor(logging.DEBUG):
                shown = (
                    f" body={body_preview(response.body, response.header('content-type'))}"
                    if body
                    else ""
                )
                self._emit(
                    logging.DEBUG,
                    request,
                    f"< {response.status} headers={list(redact_headers(response.headers))!r}"
                    + shown,
                    fields,
                )
        else:
            fields.update(http_status=None, request_id=None)
            line += f"{describe_outcome(outcome)} {tail})"
            self._emit(logging.WARNING, request, line, fields)

    def _emit(self, level: int, request: HttpRequest, text: str, fields: dict[str, Any]) -> None:
        # Belt and braces: whatever slipped past the field-by-field redaction, the credentials
        # this very request carries never reach a log line.
        self.logger.log(level, "%s", scrub(text, request.url, request.headers), extra=fields)


def logger_from_env(environ: Mapping[str, str] | None = None) -> logging.Logger | None:
    """The logger the default executor should log to, or ``None`` for no logging at all.

    ``MOSAIA_LOG=debug`` or ``MOSAIA_LOG=info`` sets the ``mosaia`` logger to that level and,
    when the application has configured no handler anywhere, adds one writing to stderr. Without
    the variable, logging happens only if the application itself enabled INFO for ``mosaia``
    (``logging.basicConfig(level=logging.INFO)`` does)."""
    env = os.environ if environ is None else environ
    level = _LEVELS.get(env.get("MOSAIA_LOG", "").strip().lower())
    if level is None:
        return LOGGER if LOGGER.isEnabledFor(logging.INFO) else None
    redact_urllib3_logs()
    LOGGER.setLevel(level)
    if not _has_real_handler(LOGGER):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        LOGGER.addHandler(handler)
    return LOGGER


def _has_real_handler(logger: logging.Logger) -> bool:
    current: logging.Logger | None = logger
    while current is not None:
        if any(not isinstance(h, logging.NullHandler) for h in current.handlers):
            return True
        current = current.parent if current.propagate else None
    return False


class RedactingFilter(logging.Filter):
    """A filter for urllib3's loggers: at DEBUG urllib3 logs each request line, query included,
    and ``sign_out(token)`` or an OAuth redirect carries a secret there. Masks secret query
    values in every URL-looking argument of a record before it is formatted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record's URL arguments in place; always keep the record."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(arg) if isinstance(arg, str) and "?" in arg else arg
                for arg in record.args
            )
        return True


def redact_urllib3_logs(*, if_debugging: bool = False) -> None:
    """Attach :class:`RedactingFilter` to the urllib3 loggers that print URLs (idempotent).
    With ``if_debugging``, only when one of them would print a DEBUG line right now: how a
    urllib3 executor protects an application that turned on DEBUG logging itself, without
    touching urllib3's loggers for everyone else."""
    if if_debugging and not any(
        logging.getLogger(name).isEnabledFor(logging.DEBUG) for name in _URLLIB3_LOGGERS
    ):
        return
    for name in _URLLIB3_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


_URLLIB3_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.poolmanager")

"""The values at the executor boundary: an absolute :class:`HttpRequest` going out and an
:class:`HttpResponse` coming back. Executors only ever see these; everything about the Mosaia API
(paths, envelopes, auth) is decided on either side of them, in pure code.
"""

from __future__ import annotations

import math
from typing import Any

import msgspec

from mosaia._redact import Pairs, body_summary, redact_headers, redact_url

#: The media type of a streamed answer (Server-Sent Events).
EVENT_STREAM = "text/event-stream"

_INF = math.inf


class Timeout(msgspec.Struct, frozen=True):
    """Connect and read timeouts in seconds; both finite, because a hang is worse than a failure."""

    connect: float = 10.0
    read: float = 60.0

    @classmethod
    def of(cls, value: float | Timeout) -> Timeout:
        """A :class:`Timeout` from seconds (used for both phases) or an existing value.
        Never raises: a value that is not a number is kept as given for
        :func:`timeout_problem` to report."""
        if isinstance(value, Timeout):
            return value
        seconds = float(value) if isinstance(value, int | float) else value
        return cls(seconds, seconds)


def timeout_problem(timeout: Timeout) -> str | None:
    """Why ``timeout`` cannot be used, or ``None`` when it can: both phases must be finite and
    positive, since an infinite wait is the hang timeouts exist to prevent."""
    connect, read = timeout.connect, timeout.read
    if type(connect) is float and type(read) is float and 0 < connect < _INF and 0 < read < _INF:
        return None  # the common case, checked on every prepare: keep it cheap (NaN falls through)
    for value, phase in ((timeout.connect, "connect"), (timeout.read, "read")):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{phase} timeout must be a number of seconds, got {type(value).__name__}"
        if not (math.isfinite(value) and value > 0):
            return f"{phase} timeout must be finite and positive, got {value!r}"
    return None


class HttpRequest(msgspec.Struct, frozen=True):
    """A fully prepared request: absolute URL, final headers (including ``Authorization``),
    body bytes, timeouts and the largest answer the caller will accept. Its repr redacts secrets."""

    method: str
    url: str
    headers: Pairs = ()
    body: bytes | None = None
    timeout: Timeout = Timeout()
    max_body: int = 64 * 1024 * 1024

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        return (
            f"HttpRequest(method={self.method!r}, url={redact_url(self.url)!r}, "
            f"headers={redact_headers(self.headers)!r}, body={body_summary(self.body)}, "
            f"timeout={self.timeout!r})"
        )

    def __rich_repr__(self) -> Any:
        # msgspec gives every Struct a rich repr of its raw fields; this one must redact too.
        yield "method", self.method
        yield "url", redact_url(self.url)
        yield "headers", redact_headers(self.headers)
        yield "body", body_summary(self.body)


class HttpResponse(msgspec.Struct, frozen=True):
    """Status, headers (as sent, in order) and the whole body."""

    status: int
    headers: Pairs = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id``, the handle support needs to find this exchange."""
        return self.header("x-request-id")

    def __repr__(self) -> str:
        # A sign-in answer carries tokens; a repr shows their shape, never their value.
        return (
            f"HttpResponse(status={self.status!r}, headers={redact_headers(self.headers)!r}, "
            f"body={body_summary(self.body)})"
        )

    def __rich_repr__(self) -> Any:
        yield "status", self.status
        yield "headers", redact_headers(self.headers)
        yield "body", body_summary(self.body)


def find_header(headers: Pairs, name: str) -> str | None:
    """The first value of ``name`` in ``headers``, compared case-insensitively."""
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


__all__ = [
    "EVENT_STREAM",
    "HttpRequest",
    "HttpResponse",
    "Pairs",
    "Timeout",
    "find_header",
    "timeout_problem",
]

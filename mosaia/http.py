"""The values at the executor boundary: an absolute :class:`HttpRequest` going out and an
:class:`HttpResponse` coming back. Executors only ever see these; everything about the Mosaia API
(paths, envelopes, auth) is decided on either side of them, in pure code.
"""

from __future__ import annotations

import math
import os
from typing import Any

import msgspec

from mosaia._redact import Pairs, body_summary, redact_body, redact_headers, redact_url

#: The media type of a streamed answer (Server-Sent Events).
EVENT_STREAM = "text/event-stream"

_INF = math.inf


#: The longest one attempt may take to be answered whole, unless ``Timeout.total`` says
#: otherwise: five minutes covers a long non-streamed completion, and a hang ends.
DEFAULT_TOTAL = 300.0
#: The longest a stream may take to deliver its first event (a server sending only keep-alive
#: comments, or nothing, is given up on then).
DEFAULT_FIRST_EVENT = 120.0
#: The longest gap allowed between two events of a stream.
DEFAULT_IDLE = 120.0

_PHASES = ("connect", "read", "total", "first_event", "idle")


class Timeout(msgspec.Struct, frozen=True):
    """How long a request may take, in seconds; every limit is finite, because a hang is worse
    than a failure.

    - ``connect``: to open the connection;
    - ``read``: the longest wait for any one read from the socket;
    - ``total``: the whole attempt, from sending to the last byte of the answer, so a server
      trickling a byte a second (or sending ``100 Continue`` forever) cannot hold a call past
      it. ``None`` means :data:`DEFAULT_TOTAL`, or ``read`` when that is longer;
    - ``first_event`` (streams): from sending to the first Server-Sent Event; keep-alive
      comments do not count. ``None`` means :data:`DEFAULT_FIRST_EVENT`, or ``read`` if longer;
    - ``idle`` (streams): the longest gap between two events. ``None`` means
      :data:`DEFAULT_IDLE`, or ``read`` if longer.

    A stream is bounded by ``first_event`` and ``idle``, not by ``total``: it may run as long as
    events keep coming. Each limit applies to one attempt; retries start afresh."""

    connect: float = 10.0
    read: float = 60.0
    total: float | None = None
    first_event: float | None = None
    idle: float | None = None

    @classmethod
    def of(cls, value: float | Timeout) -> Timeout:
        """A :class:`Timeout` from seconds (used for connect and read; the other limits are
        their defaults, or these seconds when longer) or an existing value. Never raises: a
        value that is not a number is kept as given for :func:`timeout_problem` to report."""
        if isinstance(value, Timeout):
            return value
        seconds = float(value) if isinstance(value, int | float) else value
        return cls(seconds, seconds)

    @property
    def total_seconds(self) -> float:
        """The deadline of one whole attempt: ``total``, or its default."""
        return self.total if self.total is not None else _at_least(DEFAULT_TOTAL, self.read)

    @property
    def first_event_seconds(self) -> float:
        """How long a stream may take to deliver its first event: ``first_event``, or its
        default."""
        if self.first_event is not None:
            return self.first_event
        return _at_least(DEFAULT_FIRST_EVENT, self.read)

    @property
    def idle_seconds(self) -> float:
        """The longest gap between two events of a stream: ``idle``, or its default."""
        return self.idle if self.idle is not None else _at_least(DEFAULT_IDLE, self.read)


def _at_least(default: float, read: object) -> float:
    # A read timeout longer than a default lifts it: `Timeout(read=600)` means "wait ten
    # minutes", which a five-minute total would silently cut short.
    if isinstance(read, int | float) and not isinstance(read, bool) and read > default:
        return float(read)
    return default


def timeout_problem(timeout: Timeout) -> str | None:
    """Why ``timeout`` cannot be used, or ``None`` when it can: every limit given must be
    finite and positive, since an infinite wait is the hang timeouts exist to prevent."""
    if not isinstance(timeout, Timeout):
        return f"timeout must be seconds or a Timeout, got {type(timeout).__name__}"
    connect, read = timeout.connect, timeout.read
    if (
        type(connect) is float
        and type(read) is float
        and 0 < connect < _INF
        and 0 < read < _INF
        and timeout.total is None
        and timeout.first_event is None
        and timeout.idle is None
    ):
        return None  # the common case, checked on every prepare: keep it cheap (NaN falls through)
    for phase in _PHASES:
        value = getattr(timeout, phase)
        if value is None and phase not in ("connect", "read"):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{phase} timeout must be a number of seconds, got {type(value).__name__}"
        if not (math.isfinite(value) and value > 0):
            return f"{phase} timeout must be finite and positive, got {value!r}"
    return None


class FileSource(msgspec.Struct, frozen=True):
    """``size`` bytes of the file at ``path``, sent as part of a body without being read into
    memory: the value says where the bytes are, and only the executor that sends the request
    opens the file (each time it sends it). A file that is gone, or no longer ``size`` bytes
    long, when it is sent fails that request, naming the file."""

    path: str
    size: int


class Streamed(msgspec.Struct, frozen=True):
    """A body sent piece by piece: inline ``segments`` of bytes and :class:`FileSource` segments
    read from disk as they go out, in order (:attr:`length` bytes in all, known without reading
    a file). What a multipart form carrying files
    encodes to (:func:`mosaia.multipart.encode`): a 5 GB upload costs the sender a buffer, not
    5 GB. Its repr, and every log line or error about it, shows its length and its files'
    names and sizes, never their contents."""

    segments: tuple[bytes | FileSource, ...]

    @property
    def length(self) -> int:
        """How many bytes the body sends: its inline bytes and its files' declared sizes (the
        ``Content-Length``). Derived, never stored, so it cannot disagree with the segments."""
        return sum(
            len(s) if isinstance(s, bytes | bytearray) else _declared_size(s)
            for s in _listed(self.segments)
        )

    @property
    def files(self) -> tuple[FileSource, ...]:
        """The file segments, in order."""
        return tuple(s for s in _listed(self.segments) if isinstance(s, FileSource))

    @property
    def inline(self) -> bytes:
        """The inline segments joined (a form's headers and plain fields): what can be checked
        for credentials without opening a file."""
        return b"".join(s for s in _listed(self.segments) if isinstance(s, bytes))

    def __repr__(self) -> str:
        return streamed_summary(self)


def _listed(segments: object) -> tuple[object, ...] | list[object]:
    # A Struct built by hand is not validated: a repr must still not raise.
    return segments if isinstance(segments, tuple | list) else ()


def _declared_size(segment: object) -> int:
    size = segment.size if isinstance(segment, FileSource) else 0
    return size if isinstance(size, int) else 0


#: The largest file size a :class:`FileSource` may declare (what 8 bytes of length can say).
_MAX_SIZE = 2**63 - 1


def file_source_problem(source: FileSource) -> str | None:
    """Why ``source`` is not a file that can be named in a body, or ``None``: a non-empty path
    without NUL, and a whole number of bytes from 0. Pure: the file is not looked at."""
    path, size = source.path, source.size
    if not isinstance(path, str) or not path:
        return f"a file's path must be a non-empty string, got {path!r}"
    if "\0" in path:
        return f"file path {path!r} contains NUL"
    if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= _MAX_SIZE:
        return f"file {path!r}: size must be a whole number of bytes from 0, got {size!r}"
    return None


def streamed_shape_problem(body: Streamed) -> str | None:
    """Why ``body`` cannot be sent as it says, or ``None``: every segment bytes or a sound
    :class:`FileSource` (its length then is exactly what it sends). Pure: no file is opened."""
    segments = body.segments
    if not isinstance(segments, tuple | list):
        return f"a streamed body's segments must be a tuple, got {type(segments).__name__}"
    for segment in segments:
        if isinstance(segment, FileSource):
            problem = file_source_problem(segment)
            if problem is not None:
                return problem
        elif not isinstance(segment, bytes | bytearray):
            kind = type(segment).__name__
            return f"a streamed body's segment must be bytes or a FileSource, got {kind}"
    return None


#: How many of a streamed body's files a summary names before it counts the rest.
_NAMED_FILES = 5


def _file_name(source: FileSource) -> str:
    path = source.path
    return (os.path.basename(path) or path) if isinstance(path, str) else repr(path)


def streamed_summary(body: Streamed) -> str:
    """A streamed body as its length and its files' names and sizes (at most a few named):
    never a byte of what it carries, inline or on disk."""
    files = body.files
    named = ", ".join(f"{_file_name(f)} ({f.size!r} bytes)" for f in files[:_NAMED_FILES])
    if len(files) > _NAMED_FILES:
        named += f", and {len(files) - _NAMED_FILES} more"
    return f"<streamed {body.length} bytes" + (f" from files: {named}>" if named else ">")


#: A request body: bytes in memory, or bytes and files streamed as they are sent.
Body = bytes | Streamed


def describe_body(body: Body | None) -> str:
    """What a repr shows of ``body``: its size (a body can carry passwords and client secrets),
    or a streamed body's summary (:func:`streamed_summary`)."""
    return streamed_summary(body) if isinstance(body, Streamed) else body_summary(body)


def preview_body(body: Body | None, content_type: str | None = None, limit: int = 0) -> str:
    """``body`` as a log line or a curl command may show it: bytes redacted as
    :func:`mosaia._redact.redact_body` does (cut to ``limit`` characters when positive), a
    streamed body as its summary."""
    if isinstance(body, Streamed):
        return streamed_summary(body)
    return redact_body(body, content_type, limit)


class HttpRequest(msgspec.Struct, frozen=True):
    """A fully prepared request: absolute URL, final headers (including ``Authorization``), the
    body (bytes, or a :class:`Streamed` one sent from disk), timeouts and the largest answer
    the caller will accept. Its repr redacts secrets."""

    method: str
    url: str
    headers: Pairs = ()
    body: bytes | Streamed | None = None
    timeout: Timeout = Timeout()
    max_body: int = 64 * 1024 * 1024

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        return (
            f"HttpRequest(method={self.method!r}, url={redact_url(self.url)!r}, "
            f"headers={redact_headers(self.headers)!r}, body={describe_body(self.body)}, "
            f"timeout={self.timeout!r})"
        )

    def __rich_repr__(self) -> Any:
        # msgspec gives every Struct a rich repr of its raw fields; this one must redact too.
        yield "method", self.method
        yield "url", redact_url(self.url)
        yield "headers", redact_headers(self.headers)
        yield "body", describe_body(self.body)


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
    "DEFAULT_FIRST_EVENT",
    "DEFAULT_IDLE",
    "DEFAULT_TOTAL",
    "EVENT_STREAM",
    "Body",
    "FileSource",
    "HttpRequest",
    "HttpResponse",
    "Pairs",
    "Streamed",
    "Timeout",
    "describe_body",
    "find_header",
    "preview_body",
    "streamed_summary",
    "timeout_problem",
]

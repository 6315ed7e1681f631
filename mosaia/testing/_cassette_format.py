"""The cassette file format: one JSON line per exchange, secrets redacted (see
:mod:`mosaia.testing._cassettes` for recording and replaying)."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import MASK, is_secret_name, redact_headers, redact_json, redact_url
from mosaia.errors import ConnectionFailure, RequestTimeout, TransportError
from mosaia.http import FileSource, HttpRequest, HttpResponse, Pairs, Streamed

PathLike = str | os.PathLike[str]


class RecordedRequest(msgspec.Struct, frozen=True, omit_defaults=True):
    """A request as written to a cassette: method, redacted URL and headers, redacted body (as
    text when it is UTF-8, else base64). A body streamed from files is written as its inline
    text with each file as a ``<file of N bytes>`` marker and its boundary as
    ``<boundary>``; the files themselves are only referenced (``files``: path and size), never
    read into the cassette, and matching compares the text, not where the files were."""

    method: str
    url: str
    headers: Pairs = ()
    body: str | None = None
    body_base64: str | None = None
    files: tuple[FileSource, ...] = ()

    @property
    def target(self) -> str:
        """The path and query: what matching compares besides the method and body."""
        return _target(self.url)

    def describe(self) -> str:
        """``METHOD /path?query`` and the body, for messages."""
        text = f"{self.method} {self.target}"
        if self.body:
            text += f"  body={_short(self.body)}"
        elif self.body_base64:
            text += f"  body=<{len(self.body_base64)} base64 chars>"
        return text


class RecordedResponse(msgspec.Struct, frozen=True, omit_defaults=True):
    """An answer as written to a cassette: status, redacted headers and body."""

    status: int
    headers: Pairs = ()
    body: str | None = None
    body_base64: str | None = None

    def to_response(self) -> HttpResponse:
        """The :class:`HttpResponse` to replay."""
        return HttpResponse(status=self.status, headers=self.headers, body=_body_bytes(self))


class Interaction(msgspec.Struct, frozen=True, omit_defaults=True):
    """One exchange: the request and either its answer or the connection failure it met."""

    request: RecordedRequest
    response: RecordedResponse | None = None
    failure: TransportError | RequestTimeout | None = None

    def result(self) -> Result[HttpResponse, ConnectionFailure]:
        """What replaying this exchange returns."""
        if self.response is not None:
            return Success(self.response.to_response())
        if self.failure is not None:
            return Failure(self.failure)
        return Failure(TransportError(message="cassette entry has neither answer nor failure"))


ENCODER = msgspec.json.Encoder()
DECODER = msgspec.json.Decoder(Interaction)


def load(path: PathLike) -> list[Interaction]:
    """The exchanges recorded in the cassette at ``path``, in order."""
    lines = Path(path).read_bytes().splitlines()
    return [DECODER.decode(line) for line in lines if line.strip()]


def record_request(request: HttpRequest) -> RecordedRequest:
    """``request`` as a cassette holds it (redacted)."""
    content_type = request.header("content-type")
    sent = request.body
    files: tuple[FileSource, ...] = ()
    body: str | None
    if isinstance(sent, Streamed):
        body, body_b64, files = _streamed_text(sent, content_type), None, sent.files
    else:
        body, body_b64 = _store_body(sent, content_type)
    return RecordedRequest(
        method=request.method.upper(),
        url=redact_url(request.url),
        headers=_redacted_headers(request.headers),
        body=body,
        body_base64=body_b64,
        files=files,
    )


def _streamed_text(body: Streamed, content_type: str | None) -> str:
    # Boundary-free (a shell draws a random one per upload) and path-free, so a replay made
    # elsewhere matches; the files' contents are never read.
    text = "".join(
        f"<file of {s.size} bytes>"
        if isinstance(s, FileSource)
        else s.decode("utf-8", "backslashreplace")
        for s in body.segments
    )
    boundary = (content_type or "").partition("boundary=")[2].strip()
    return text.replace(boundary, "<boundary>") if boundary else text


def record_response(response: HttpResponse) -> RecordedResponse:
    """``response`` as a cassette holds it (redacted)."""
    body, body_b64 = _store_body(response.body, response.header("content-type"))
    return RecordedResponse(
        status=response.status,
        headers=_redacted_headers(response.headers),
        body=body,
        body_base64=body_b64,
    )


#: Headers whose value is a URL, which may carry a secret in its query: an OAuth redirect's
#: ``Location`` holds the authorization code.
_URL_HEADERS = frozenset({"location", "content-location", "referer"})


def _redacted_headers(headers: Pairs) -> Pairs:
    return tuple(
        (name, redact_url(value) if name.lower() in _URL_HEADERS else value)
        for name, value in redact_headers(headers)
    )


def match_key(request: RecordedRequest) -> tuple[str, str, str | None, str | None]:
    """What two requests must share to match: method, path and query, and body (redacted)."""
    return (request.method, request.target, request.body, request.body_base64)


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _store_body(body: bytes | None, content_type: str | None) -> tuple[str | None, str | None]:
    # Text stays text so a cassette reads well in review; anything else is kept exactly.
    if not body:
        return None, None
    masked = _redact_bytes(body, content_type)
    try:
        return masked.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, base64.b64encode(masked).decode("ascii")


def _redact_bytes(body: bytes, content_type: str | None) -> bytes:
    # Bytes are kept as they are unless a secret is in them, so an answer replays exactly.
    if "x-www-form-urlencoded" in (content_type or "").lower():
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        if not any(is_secret_name(k) for k, _ in pairs):
            return body
        return urlencode([(k, MASK if is_secret_name(k) else v) for k, v in pairs]).encode()
    try:
        document = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):
        return body
    masked = redact_json(document)
    return body if masked == document else msgspec.json.encode(masked)


def _body_bytes(message: RecordedResponse) -> bytes:
    if message.body is not None:
        return message.body.encode("utf-8")
    if message.body_base64 is not None:
        return base64.b64decode(message.body_base64)
    return b""


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."

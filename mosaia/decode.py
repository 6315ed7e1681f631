"""Pure decoding: an :class:`~mosaia.http.HttpResponse` and the call's shape in, a typed
``Result`` out. Never raises, whatever the bytes: that is property-tested with arbitrary input.

Whole answers and streamed ones are read here alike: :func:`decode` reads a whole answer of any
shape (a ``folded`` one, Server-Sent Events read whole, is folded by its type's one fold), and
:func:`stream_results` reads the events of a ``stream`` call as they arrive, for
:mod:`mosaia.stream`. Which path an answer takes is the call's shape, set by its builder.

One msgspec decoder is built per (shape, type) and cached, and a list answer is decoded in one
pass straight into Structs; this is the hot path of every request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import redact_body
from mosaia._tolerant import recover
from mosaia._types.base import Folded, resolve_type, type_name
from mosaia._types.page import Page, Paging
from mosaia.errors import ApiError, DecodeError, MosaiaError, TransportError, api_error_type
from mosaia.http import EVENT_STREAM, HttpResponse, Pairs
from mosaia.request import Call, Shape
from mosaia.sse import DONE, ServerEvent, SseParser

__all__ = [
    "decode",
    "decode_as",
    "decode_event",
    "error_from_response",
    "fold_stream",
    "stream_results",
]

T = TypeVar("T")
F = TypeVar("F", bound=Folded)
_ERROR_SNIPPET = 300


class _Envelope(msgspec.Struct, Generic[T]):
    data: T | None = None
    paging: Paging | None = None
    error: Any = None


class _Probe(msgspec.Struct):
    # For answers that may come bare or enveloped: look at the keys without decoding the data.
    data: msgspec.Raw = msgspec.Raw()
    error: Any = None


class _ErrorDoc(msgspec.Struct):
    error: Any = None
    error_description: Any = None
    message: Any = None
    code: Any = None


def decode(response: HttpResponse, call: Call[T]) -> Result[T, MosaiaError]:
    """The value ``call`` promises, read from ``response``; or the error the response carries."""
    return decode_as(response, call.shape, call.type)


def decode_as(response: HttpResponse, shape: Shape, type_name: str) -> Result[Any, MosaiaError]:
    """Like :func:`decode`, naming the shape and item type directly (see ``Call.shape``)."""
    if not 200 <= response.status < 300:
        return Failure(error_from_response(response))
    body = response.body
    if shape == "none":
        if body.strip() and _body_error(body) is not None:
            return Failure(_error_in_success(response))
        return Success(None)
    if shape == "stream":
        return Failure(
            DecodeError(
                message="a streamed answer is read event by event, with client.stream(call)",
                expected=EVENT_STREAM,
                status=response.status,
            )
        )
    if not body.strip():
        return Failure(
            DecodeError(
                message=f"expected a JSON body, got an empty answer (HTTP {response.status})",
                expected=type_name,
                status=response.status,
            )
        )
    item = resolve_type(type_name)
    if item is None:
        return Failure(DecodeError(message=f"unknown response type {type_name!r}"))
    if shape == "folded":
        if EVENT_STREAM in (response.header("content-type") or ""):
            return _fold_whole(response, item)
        # The server answered in one piece after all: that is the value, bare or enveloped.
        shape = "bare"
    try:
        if shape == "bare":
            return _decode_bare(response, item)
        envelope = _decoder(shape, item).decode(body)
    except (msgspec.DecodeError, RecursionError) as exc:
        # msgspec recurses once per nesting level: a hostile `[[[[...` exhausts the stack.
        # A mistyped field costs that field only: the tolerant reader drops and logs it.
        envelope = recover(body, shape, item)
        if envelope is None:
            return Failure(_decode_error(exc, response))
        if shape == "bare" and not envelope.error:
            return Success(envelope.data)
    if envelope.error:
        return Failure(_error_in_success(response))
    if shape == "one":
        if envelope.data is None:
            return Failure(
                DecodeError(
                    message="answer has no `data`",
                    path="$.data",
                    expected=item.__name__,
                    status=response.status,
                    body=body[:_ERROR_SNIPPET],
                )
            )
        return Success(envelope.data)
    items = envelope.data or []
    if shape == "first":
        return Success(items[0] if items else None)
    return Success(Page(items=items, paging=envelope.paging))


def _fold_whole(response: HttpResponse, item: type[Any]) -> Result[Any, MosaiaError]:
    # Server-Sent Events read in one piece: decode every event, then fold them by the type's
    # own fold, as a stream read piece by piece would be.
    if not _folds(item):
        return Failure(DecodeError(message=f"{type_name(item)} is not a value a stream folds into"))
    events = stream_results(
        [Success(response.body)], type_name(item.piece_type()), response.headers
    )
    return fold_stream(events, item)


def _folds(item: type[Any]) -> bool:
    return callable(getattr(item, "fold", None)) and callable(getattr(item, "piece_type", None))


def _decode_bare(response: HttpResponse, item: type[Any]) -> Result[Any, MosaiaError]:
    probe = msgspec.json.decode(response.body, type=_Probe)
    if probe.error:
        return Failure(_error_in_success(response))
    # An absent (or null) `data` means the entity came bare, as OpenAI-style endpoints send it.
    enveloped = len(probe.data) > 0 and bytes(probe.data) != b"null"
    raw = probe.data if enveloped else response.body
    if enveloped and "data" in getattr(item, "__struct_fields__", ()):
        raw = _unwrapped(probe.data, response.body, item)
    value = _decoder("bare", item).decode(raw)
    if isinstance(value, msgspec.Struct) and value == _blank(item):
        # Not one field of the answer's type: `{"data": null}` or some other document. An empty
        # Success would say the server answered an empty value, which it did not.
        return Failure(
            DecodeError(
                message=f"answer carries no {item.__name__}: none of its fields are present",
                path="$",
                expected=item.__name__,
                status=response.status,
                body=response.body[:_ERROR_SNIPPET],
            )
        )
    return Success(value)


def _unwrapped(inner: msgspec.Raw, body: bytes, item: type[Any]) -> msgspec.Raw | bytes:
    # The answer's own type has a `data` member (embeddings, search), so the body's `data` may
    # be that member, the answer bare, or the wrapper (contract 2.9). It is the wrapper when it
    # is an object carrying a `data` of its own, or when the body does not read as the answer
    # bare (an embeddings `data` must be a list); else the body is the answer. The rule holds
    # for any type with a `data` member, so no type is named here.
    if not bytes(inner).lstrip().startswith(b"{"):
        return body
    if len(msgspec.json.decode(inner, type=_Probe).data):
        return inner
    try:
        _decoder("bare", item).decode(body)
    except msgspec.DecodeError:
        return inner
    return body


def _blank(item: type[Any]) -> Any:
    # The value a document without any of the type's fields decodes to (None when the type
    # has required fields, which such a document already fails on).
    blank = _BLANKS.get(item, _UNSET)
    if blank is _UNSET:
        try:
            blank = item()
        except TypeError:
            blank = None
        _BLANKS[item] = blank
    return blank


_UNSET = object()
_BLANKS: dict[type[Any], Any] = {}


_DECODERS: dict[tuple[str, type[Any]], msgspec.json.Decoder[Any]] = {}


def _decoder(shape: Shape, item: type[Any]) -> msgspec.json.Decoder[Any]:
    # One decoder per (shape, type), built on first use: building one costs far more than
    # decoding a typical answer with it.
    key = (shape, item)
    decoder = _DECODERS.get(key)
    if decoder is None:
        if shape == "bare":
            decoder = msgspec.json.Decoder(item)
        elif shape == "one":
            decoder = msgspec.json.Decoder(_Envelope[item])  # type: ignore[valid-type]
        else:
            decoder = msgspec.json.Decoder(_Envelope[list[item]])  # type: ignore[valid-type]
        _DECODERS[key] = decoder
    return decoder


_ERROR_DECODER = msgspec.json.Decoder(_ErrorDoc)
_AT = re.compile(r" - at `(?P<path>[^`]*)`$")
_EXPECTED = re.compile(r"^Expected `(?P<what>[^`]*)`")


def _decode_error(exc: Exception, response: HttpResponse) -> DecodeError:
    text = str(exc) if isinstance(exc, msgspec.DecodeError) else "JSON nested too deeply"
    at = _AT.search(text)
    expected = _EXPECTED.search(text)
    return DecodeError(
        message=f"answer does not match the API's shape: {text}",
        path=at.group("path") if at else None,
        expected=expected.group("what") if expected else None,
        status=response.status,
        body=response.body[:_ERROR_SNIPPET],
    )


def _body_error(body: bytes) -> _ErrorDoc | None:
    try:
        doc = _ERROR_DECODER.decode(body)
    except (msgspec.DecodeError, RecursionError):
        return None
    return doc if doc.error else None


def _error_in_success(response: HttpResponse) -> ApiError:
    # A 2xx carrying `error` is a failure the server forgot to label; keep its status honest
    # unless the error names its own.
    return error_from_response(response, in_success=True)


def error_from_response(response: HttpResponse, *, in_success: bool = False) -> ApiError:
    """The :class:`~mosaia.errors.ApiError` subclass an error answer stands for, with status,
    code, message, request id and the raw body. Copes with every error body the API sends:
    ``{"error": {...}}``, OAuth's ``{"error": "invalid_grant", ...}``, bare ``{"message"}``,
    and bodies that are not JSON at all."""
    status = response.status
    message: str | None = None
    code: str | None = None
    try:
        doc: _ErrorDoc | None = _ERROR_DECODER.decode(response.body) if response.body else None
    except (msgspec.DecodeError, RecursionError):
        doc = None
    if doc is not None:
        err = doc.error
        if isinstance(err, dict):
            message = _text(err.get("message"))
            code = _text(err.get("code"))
            nested_status = err.get("status")
            if in_success and isinstance(nested_status, int) and 400 <= nested_status < 600:
                status = nested_status
        elif isinstance(err, str):
            code = err
            message = _text(doc.error_description) or err
        elif err:
            message = _text(err)
        message = message or _text(doc.message)
        code = code or _text(doc.code)
    if not message:
        # The raw body stays on the error for diagnosis; the message is shown everywhere
        # (reprs, logs, str), so it quotes the body redacted, and redacted before it is cut.
        shown = redact_body(response.body, response.header("content-type"))
        snippet = shown[:_ERROR_SNIPPET].strip()
        message = f"HTTP {status}" + (f": {snippet}" if snippet else "")
    kind = api_error_type(status) if status >= 400 else ApiError
    return kind(
        status=status,
        message=message,
        code=code,
        request_id=response.request_id,
        body=response.body,
        headers=response.headers,
    )


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


# --- streamed answers ---------------------------------------------------------------------


def decode_event(
    event: ServerEvent, item: str, headers: Pairs = ()
) -> Result[Any, MosaiaError] | None:
    """The value one event of a stream carries, read like a bare answer of type ``item`` (a
    registry name); ``None`` for ``[DONE]``, the end of the stream.

    An error object in the stream (``data: {"error": ...}``, or an event named ``error``) is a
    ``Failure`` holding the :class:`~mosaia.errors.ApiError` it describes. ``headers`` are the
    stream's, so the error keeps the request id."""
    if event.data.strip() == DONE:
        return None
    answer = HttpResponse(status=200, headers=headers, body=event.data.encode("utf-8"))
    if event.event == "error":
        return Failure(error_from_response(answer, in_success=True))
    return decode_as(answer, "bare", item)


def stream_results(
    pieces: Iterable[Result[bytes, Any]],
    item: str,
    headers: Pairs = (),
    max_bytes: int | None = None,
) -> Iterator[Result[Any, MosaiaError]]:
    """The values a stream's body carries, given its pieces as they arrive: a ``Success`` per
    event until ``[DONE]``, and at most one ``Failure``, which ends it.

    The failure is the first of: a piece that is a ``Failure`` (the connection broke), an event
    that is an error or does not decode, the stream growing past ``max_bytes`` in all (the cap
    holds for the whole stream, so one that never ends is refused instead of read forever), or
    the pieces running out before ``[DONE]`` (a stream that just stops is a cut, not a success).
    Pure: the caller does the reading and closes the connection."""
    parser = SseParser()
    received = 0
    for piece in pieces:
        if not isinstance(piece, Success):
            yield piece
            return
        data = piece.unwrap()
        received += len(data)
        if max_bytes is not None and received > max_bytes:
            yield Failure(
                TransportError(
                    message=f"the stream grew larger than max_response_bytes ({max_bytes})",
                    code="response_too_large",
                )
            )
            return
        for event in parser.feed(data):
            value = decode_event(event, item, headers)
            if value is None:
                return
            yield value
            if not isinstance(value, Success):
                return
    parser.end()
    yield Failure(
        TransportError(
            message="the stream ended before `data: [DONE]`: the answer is incomplete",
            code="stream_incomplete",
        )
    )


def fold_stream(
    results: Iterable[Result[Any, MosaiaError]], into: type[F]
) -> Result[F, MosaiaError]:
    """The one ``into`` a stream's values fold into (by ``into.fold``), or the stream's first
    ``Failure``. Reads ``results`` to the end (or to that failure), keeping no value: the fold
    takes each as it comes."""
    failed: list[MosaiaError] = []

    def values() -> Iterator[Any]:
        for result in results:
            if not isinstance(result, Success):
                failed.append(result.failure())
                return
            yield result.unwrap()

    folded = into.fold(values())
    return Failure(failed[0]) if failed else Success(folded)

"""Pure decoding: an :class:`~mosaia.http.HttpResponse` and the call's shape in, a typed
``Result`` out. Never raises, whatever the bytes: that is property-tested with arbitrary input.

One msgspec decoder is built per (shape, type) and cached, and a list answer is decoded in one
pass straight into Structs; this is the hot path of every request.
"""

from __future__ import annotations

import re
from typing import Any, Generic, TypeVar

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import redact_body
from mosaia._tolerant import recover
from mosaia._types.base import resolve_type
from mosaia._types.chat import ChatCompletion
from mosaia._types.page import Page, Paging
from mosaia.errors import ApiError, DecodeError, MosaiaError, api_error_type
from mosaia.http import EVENT_STREAM, HttpResponse
from mosaia.request import Call, Shape

T = TypeVar("T")
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
    if item is ChatCompletion and EVENT_STREAM in (response.header("content-type") or ""):
        # A completion asked for with "stream": true and read whole: fold its events. Imported
        # here because the SSE module builds on this one.
        from mosaia.sse import completion_from_sse

        return completion_from_sse(body, response.headers)
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


def _decode_bare(response: HttpResponse, item: type[Any]) -> Result[Any, MosaiaError]:
    probe = msgspec.json.decode(response.body, type=_Probe)
    if probe.error:
        return Failure(_error_in_success(response))
    # An absent (or null) `data` means the entity came bare, as OpenAI-style endpoints send it.
    raw = probe.data if len(probe.data) and bytes(probe.data) != b"null" else response.body
    return Success(_decoder("bare", item).decode(raw))


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

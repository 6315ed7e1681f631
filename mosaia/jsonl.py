"""Results as JSON lines: one ``Result`` per line, readable anywhere, decoding back to equal values.

A batch whose results are too large to gather in memory writes them out instead
(:func:`mosaia.scale.write_on_dask` writes one file per chunk); :func:`read_results` reads such a
file back into the ``Result`` values a gathered batch would have given. Each line records how
its value decodes (the call's ``shape`` and ``type``), so a reader needs nothing but the file.
Errors are stored tagged by kind, so a ``NotFoundError`` comes back a ``NotFoundError``.

A line names its value's type by its registry name (``"Agent"``), and it is looked up only in
the SDK's own registry: reading a file never imports a module the file names, and a line that
names anything else, or does not decode at all, reads as a ``Failure(DecodeError)`` for that
line. Pure apart from :func:`read_results`, which opens the file it is given.
"""

from __future__ import annotations

import os
from typing import Any

import msgspec
from returns.result import Failure, Result, Success

from mosaia._types.base import resolve_type
from mosaia._types.page import Page
from mosaia.errors import AnyMosaiaError, DecodeError, MosaiaError
from mosaia.request import Call, Shape

__all__ = ["Line", "decode_line", "encode_line", "read_results"]


class Line(msgspec.Struct, frozen=True, kw_only=True):
    """One stored result: the call's position in the batch, how its value decodes (``shape``
    and ``type``, as on the :class:`~mosaia.request.Call`), and either ``value`` (``ok``) or
    ``error`` (a tagged error, decoded with :data:`~mosaia.errors.AnyMosaiaError`)."""

    index: int
    ok: bool
    shape: Shape
    type: str
    value: msgspec.Raw = msgspec.Raw(b"null")
    error: AnyMosaiaError | None = None


_LINE_DECODER = msgspec.json.Decoder(Line)


def encode_line(index: int, call: Call[Any], result: Result[Any, MosaiaError]) -> bytes:
    """``result`` of the call at ``index`` as one JSON line (newline included)."""
    if isinstance(result, Success):
        value = msgspec.Raw(msgspec.json.encode(result.unwrap()))
        line = Line(index=index, ok=True, shape=call.shape, type=call.type, value=value)
    else:
        line = Line(index=index, ok=False, shape=call.shape, type=call.type, error=result.failure())
    return msgspec.json.encode(line) + b"\n"


def decode_line(data: bytes) -> tuple[int, Result[Any, MosaiaError]]:
    """The position and result stored in one JSON line; a line that does not decode is
    ``(-1, Failure(DecodeError))``."""
    try:
        line = _LINE_DECODER.decode(data)
        if not line.ok:
            if line.error is None:
                return line.index, Failure(DecodeError(message="stored failure has no error"))
            return line.index, Failure(line.error)
        return line.index, Success(msgspec.json.decode(line.value, type=_value_type(line)))
    except (msgspec.DecodeError, TypeError, ValueError) as exc:
        return -1, Failure(DecodeError(message=f"stored result does not decode: {exc}"))
    except RecursionError:
        # msgspec recurses once per nesting level: a hostile `[[[[...` exhausts the stack.
        return -1, Failure(DecodeError(message="stored result does not decode: nested too deeply"))


def read_results(path: str | os.PathLike[str]) -> list[Result[Any, MosaiaError]]:
    """The results in one file :func:`write_on_dask` wrote, in the order of its calls. A line
    that does not decode is that line's ``Failure(DecodeError)``, whatever it holds; only a file
    that cannot be read raises (``OSError``, as ``open`` does)."""
    with open(path, "rb") as stored:
        return [decode_line(line)[1] for line in stored if line.strip()]


def _value_type(line: Line) -> Any:
    item = resolve_type(line.type)
    if item is None:
        raise TypeError(f"unknown value type {line.type!r}")
    if line.shape == "none":
        return None
    if line.shape == "page":
        return Page[item]  # type: ignore[valid-type]
    if line.shape == "first":
        return item | None
    return item

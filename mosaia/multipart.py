"""``multipart/form-data`` bodies (RFC 7578) as pure values.

:func:`encode` turns :class:`Part` values into the body bytes and the ``Content-Type`` header that
names its boundary. It is deterministic: with no boundary given, one is derived from a hash of
the parts themselves, so equal parts always encode to equal bytes (no randomness in the pure
core) and the boundary cannot be guessed into the content by anyone not able to find a hash
collision. A boundary that occurs in a part anyway is refused rather than sent broken.

>>> body = encode([Part("file", b"PNG...", filename="a.png", content_type="image/png")],
...               boundary="b0")
>>> body.content_type
'multipart/form-data; boundary=b0'
>>> body.body.splitlines()[1]
b'Content-Disposition: form-data; name="file"; filename="a.png"'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import quote

import msgspec

__all__ = ["Encoded", "Part", "derive_boundary", "encode", "part_problem"]


class Part(msgspec.Struct, frozen=True):
    """One part of a form: its field ``name``, its bytes, and for a file its ``filename`` and
    ``content_type`` (a file part without a type is sent as ``application/octet-stream``; a
    plain field without one has none, which readers take as ``text/plain``)."""

    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None


class Encoded(msgspec.Struct, frozen=True):
    """An encoded form: the ``body`` bytes and the ``content_type`` to send them with."""

    body: bytes
    content_type: str
    boundary: str


# RFC 2046: up to 70 characters from this set, not ending in a space.
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=?]{1,70}")
_MEDIA_TYPE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+/[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def part_problem(part: object) -> str | None:
    """Why ``part`` cannot be sent in a form, or ``None`` when it can: its texts must be
    strings without CR, LF or NUL (they would split the part's headers), its data bytes, its
    type a plain ``type/subtype``."""
    if not isinstance(part, Part):
        return f"a form part must be a Part, got {type(part).__name__}"
    if not isinstance(part.data, bytes | bytearray):
        return f"part {part.name!r}: data must be bytes, got {type(part.data).__name__}"
    for what, text in (("name", part.name), ("filename", part.filename)):
        if text is None and what == "filename":
            continue
        if not isinstance(text, str):
            return f"part {what} must be a string, got {type(text).__name__}"
        if any(ch in text for ch in "\r\n\0"):
            return f"part {what} {text!r} contains CR, LF or NUL"
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            return f"part {what} {text!r} contains a lone surrogate"
    if not part.name:
        return "part name is empty"
    if part.content_type is not None and not (
        isinstance(part.content_type, str) and _MEDIA_TYPE.fullmatch(part.content_type)
    ):
        return f"part {part.name!r}: content type {part.content_type!r} is not type/subtype"
    return None


def derive_boundary(parts: Iterable[Part]) -> str:
    """A boundary derived from the parts' content (SHA-256 over each header and its data):
    the same parts always give the same boundary, and it does not occur in them unless the
    hash was forged against them."""
    digest = hashlib.sha256()
    for part in parts:
        for text in (part.name, part.filename or "", part.content_type or ""):
            encoded = text.encode("utf-8")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)
        digest.update(len(part.data).to_bytes(8, "big"))
        digest.update(part.data)
    return "mosaia-" + digest.hexdigest()[:40]


def encode(parts: Iterable[Part], boundary: str | None = None) -> Encoded | str:
    """The ``multipart/form-data`` body of ``parts`` in order, or a message (``str``) saying
    why it cannot be built: a bad part (:func:`part_problem`), a boundary that is not one RFC
    2046 allows, or a boundary that occurs inside a part. Pure and deterministic."""
    listed = list(parts)
    for part in listed:
        problem = part_problem(part)
        if problem is not None:
            return problem
    chosen = derive_boundary(listed) if boundary is None else boundary
    if not isinstance(chosen, str) or not _BOUNDARY.fullmatch(chosen) or chosen.endswith(" "):
        return f"boundary {chosen!r} is not a valid multipart boundary"
    delimiter = b"--" + chosen.encode("ascii")
    if any(delimiter in bytes(part.data) for part in listed):
        return f"boundary {chosen!r} occurs inside a part; choose another"
    out = bytearray()
    for part in listed:
        out += delimiter + b"\r\n" + _headers(part) + b"\r\n" + bytes(part.data) + b"\r\n"
    out += delimiter + b"--\r\n"
    return Encoded(bytes(out), f"multipart/form-data; boundary={chosen}", chosen)


def _headers(part: Part) -> bytes:
    disposition = "form-data" + _param("name", part.name)
    if part.filename is not None:
        disposition += _param("filename", part.filename)
    lines = [f"Content-Disposition: {disposition}"]
    content_type = part.content_type
    if content_type is None and part.filename is not None:
        content_type = "application/octet-stream"
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


def _param(key: str, text: str) -> str:
    if text.isascii() and text.isprintable() and text == text.strip() and not _ESCAPED & set(text):
        return f'; {key}="{text}"'
    # RFC 7578 4.2, RFC 2231: any other text (non-ASCII, quotes and backslashes that readers
    # unescape each their own way, edge spaces they strip) travels percent-encoded as `key*`.
    return f"; {key}*=utf-8''{quote(text, safe='')}"


_ESCAPED = frozenset('"\\')

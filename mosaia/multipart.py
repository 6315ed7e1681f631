"""``multipart/form-data`` bodies (RFC 7578) as pure values.

:func:`encode` turns :class:`Part` values into the body and the ``Content-Type`` header that
names its boundary. It is deterministic: with no boundary given, one is derived from a hash of
the parts themselves, so equal parts always encode to equal bytes (no randomness in the pure
core) and the boundary cannot be guessed into the content by anyone not able to find a hash
collision. A boundary that occurs in a part anyway is refused rather than sent broken.

A part's data is bytes, or a :class:`FileSource` (a file on disk and its size) that only the
executor sending the request reads: a form with one encodes to a :class:`Streamed` body, inline
bytes and files in order with its exact length, and a 200 MB file costs no memory to encode.
The pure code cannot look inside such a file for the boundary, so its derived boundary is
deterministic from what it does see (names, paths, sizes), and a shell that sends files passes
a random boundary instead (``files.upload`` does), which no file can have been made to contain.

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
from collections.abc import Iterable, Sequence
from urllib.parse import quote, unquote

import msgspec

from mosaia.http import FileSource, Streamed, file_source_problem

__all__ = [
    "Encoded",
    "FileSource",
    "Part",
    "Streamed",
    "derive_boundary",
    "encode",
    "part_problem",
    "parts_of",
]


class Part(msgspec.Struct, frozen=True):
    """One part of a form: its field ``name``, its data (bytes, or a :class:`FileSource` read
    from disk only when sent), and for a file its ``filename`` and ``content_type`` (a file
    part without a type is sent as ``application/octet-stream``; a plain field without one has
    none, which readers take as ``text/plain``)."""

    name: str
    data: bytes | FileSource
    filename: str | None = None
    content_type: str | None = None


class Encoded(msgspec.Struct, frozen=True):
    """An encoded form: the ``body`` (bytes, or :class:`Streamed` when a part is a file on
    disk) and the ``content_type`` to send it with, which names the ``boundary``."""

    body: bytes | Streamed
    content_type: str
    boundary: str


# RFC 2046: up to 70 characters from this set, not ending in a space.
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=?]{1,70}")
_MEDIA_TYPE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+/[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def part_problem(part: object) -> str | None:
    """Why ``part`` cannot be sent in a form, or ``None`` when it can: its texts must be
    strings without CR, LF or NUL (they would split the part's headers), its data bytes or a
    :class:`FileSource` (a non-empty path without NUL, a size from 0 up), its type a plain
    ``type/subtype``."""
    if not isinstance(part, Part):
        return f"a form part must be a Part, got {type(part).__name__}"
    data = part.data
    if isinstance(data, FileSource):
        problem = file_source_problem(data)
        if problem is not None:
            return f"part {part.name!r}: {problem}"
    elif not isinstance(data, bytes | bytearray):
        return f"part {part.name!r}: data must be bytes or a FileSource, got {type(data).__name__}"
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


# Before a file's path in the hash: no byte string's length prefix starts with 0xff, so a file
# part and a bytes part never hash alike.
_FILE_MARK = b"\xff" * 8


def derive_boundary(parts: Iterable[Part]) -> str:
    """A boundary derived from the parts' content (SHA-256 over each header and its data, or
    a file part's path and size): the same parts always give the same boundary, and it does
    not occur in their bytes unless the hash was forged against them. A file's contents are
    not read, so they are not covered: give :func:`encode` a random boundary for files."""
    digest = hashlib.sha256()
    for part in parts:
        for text in (part.name, part.filename or "", part.content_type or ""):
            encoded = text.encode("utf-8")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)
        data = part.data
        if isinstance(data, FileSource):
            # surrogatepass: a path from os.fsdecode may carry undecodable bytes as surrogates.
            path = data.path.encode("utf-8", "surrogatepass")
            digest.update(_FILE_MARK + len(path).to_bytes(8, "big") + path)
            digest.update(data.size.to_bytes(8, "big"))
        else:
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
    return "mosaia-" + digest.hexdigest()[:40]


def encode(parts: Iterable[Part], boundary: str | None = None) -> Encoded | str:
    """The ``multipart/form-data`` body of ``parts`` in order, or a message (``str``) saying
    why it cannot be built: a bad part (:func:`part_problem`), a boundary that is not one RFC
    2046 allows, or a boundary that occurs inside a part's bytes. Pure and deterministic.

    The body is bytes when every part's data is; with a :class:`FileSource` part it is a
    :class:`Streamed` body (inline bytes coalesced, each file a segment of its own) whose
    ``length`` is computed from the sizes, and which reads back to exactly the bytes the same
    parts would encode to with the files' contents inline."""
    listed = list(parts)
    for part in listed:
        problem = part_problem(part)
        if problem is not None:
            return problem
    chosen = derive_boundary(listed) if boundary is None else boundary
    if not isinstance(chosen, str) or not _BOUNDARY.fullmatch(chosen) or chosen.endswith(" "):
        return f"boundary {chosen!r} is not a valid multipart boundary"
    delimiter = b"--" + chosen.encode("ascii")
    for part in listed:
        if not isinstance(part.data, FileSource) and delimiter in part.data:
            return f"boundary {chosen!r} occurs inside a part; choose another"
    segments: list[bytes | FileSource] = []
    out = bytearray()
    for part in listed:
        out += delimiter + b"\r\n" + _headers(part) + b"\r\n"
        data = part.data
        if isinstance(data, FileSource):
            segments.append(bytes(out))
            segments.append(data)
            out = bytearray()
        else:
            out += data
        out += b"\r\n"
    out += delimiter + b"--\r\n"
    content_type = f"multipart/form-data; boundary={chosen}"
    if not segments:
        return Encoded(bytes(out), content_type, chosen)
    segments.append(bytes(out))
    return Encoded(Streamed(tuple(segments)), content_type, chosen)


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


def parts_of(body: bytes | Streamed, boundary: str) -> list[Part] | None:
    """The parts :func:`encode` made ``body`` from, given its ``boundary`` (a file part's data is
    its :class:`FileSource`, unread; a file part's type as written, so ``None`` comes back as
    ``application/octet-stream``), or ``None`` when ``body`` is not a form as :func:`encode`
    writes one. How a streamed form is shown field by field (``curl -F``, cassettes) without
    opening a file. Pure; never raises."""
    if not isinstance(boundary, str) or not _BOUNDARY.fullmatch(boundary):
        return None
    segments = body.segments if isinstance(body, Streamed) else (body,)
    inline = [s for s in segments if isinstance(s, bytes | bytearray)]
    files = [s for s in segments if isinstance(s, FileSource)]
    if len(inline) + len(files) != len(segments):
        return None
    # Each file stands in the joined bytes as a marker found nowhere in the inline bytes.
    mark = b"\0mosaia-file\0"
    while any(mark in s for s in inline):
        mark += b"\0"
    joined, counted = bytearray(), 0
    for segment in segments:
        if isinstance(segment, FileSource):
            joined += mark + b"%d\0" % counted
            counted += 1
        else:
            joined += segment
    pieces = bytes(joined).split(b"--" + boundary.encode("ascii"))
    if len(pieces) < 3 or pieces[0] or pieces[-1] != b"--\r\n":
        return None
    found = [_part_of(piece, mark, files) for piece in pieces[1:-1]]
    return None if any(p is None for p in found) else [p for p in found if p is not None]


_PARAM = re.compile(r'; (name|filename)(?:="([^"]*)"|\*=utf-8\'\'([0-9A-Za-z%._~-]*))')


def _part_of(piece: bytes, mark: bytes, files: Sequence[FileSource]) -> Part | None:
    if not (piece.startswith(b"\r\n") and piece.endswith(b"\r\n")):
        return None
    head, blank, data = piece[2:-2].partition(b"\r\n\r\n")
    try:
        lines = head.decode("utf-8").split("\r\n")
    except UnicodeDecodeError:
        return None
    if not blank or not lines[0].startswith("Content-Disposition: form-data"):
        return None
    params: dict[str, str] = {}
    rest = lines[0][len("Content-Disposition: form-data") :]
    while rest:
        match = _PARAM.match(rest)
        if match is None:
            return None
        quoted, encoded = match.group(2), match.group(3)
        params[match.group(1)] = quoted if quoted is not None else unquote(encoded)
        rest = rest[match.end() :]
    content_type = None
    for line in lines[1:]:
        key, colon, value = line.partition(": ")
        if key != "Content-Type" or not colon:
            return None
        content_type = value
    if "name" not in params:
        return None
    source: bytes | FileSource = data
    if data.startswith(mark):
        index = data[len(mark) : -1]
        if not (index.isdigit() and data.endswith(b"\0") and int(index) < len(files)):
            return None
        source = files[int(index)]
    return Part(params["name"], source, params.get("filename"), content_type)

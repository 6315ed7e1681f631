"""Uploads as pure builders: image uploads (contract 4.3), announcing files to a drive, marking an
upload failed, an upload job's status, and a drive item's download (4.4, 2.6).

Only the API calls live here; :mod:`mosaia.files` is the shell that reads files from disk for
them. The announce carries each file's bytes, as the platform and its Node SDK have it (the
platform sizes each upload job from its part), given in memory or as a
:class:`~mosaia.multipart.FileSource` read only when the call is sent; the bytes then go to
storage as well. Every call is a value; a caller mistake (an empty id, no files, a part that
cannot be encoded) marks the call invalid and nothing is sent.

>>> announce("d1", [Announced("a.txt", 3, "text/plain", source=b"abc")]).request.path
'/drive/d1/item'
>>> on_disk = Announced("big.bin", 2_000_000, source=FileSource("/data/big.bin", 2_000_000))
>>> announce("d1", [on_disk], boundary="b0").request.body
<streamed 2000180 bytes from files: big.bin (2000000 bytes)>
>>> mark_failed("/v1/drive/d1/upload/j1/failed", "disk full").request.path
'/drive/d1/upload/j1/failed'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

import msgspec

from mosaia._types.drive_ops import UploadFailure, UploadStart
from mosaia._types.drives import UploadJob
from mosaia.api._crud import Draft, Target, build, expand
from mosaia.multipart import Encoded, FileSource, Part, encode
from mosaia.request import Call, unencodable

__all__ = [
    "Announced",
    "announce",
    "download",
    "job_status",
    "mark_failed",
    "multipart",
]

#: The reason sent to ``failed_url`` when none is given (the Node SDK's default).
DEFAULT_FAILURE = "Upload failed"


def multipart(draft: Draft, parts: Sequence[Part], boundary: str | None = None) -> Draft:
    """``draft`` with a ``multipart/form-data`` body of ``parts`` instead of JSON (the boundary
    derived from the parts when not given); a part that cannot be encoded is the problem."""
    encoded = encode(parts, boundary)
    if isinstance(encoded, str):
        return Draft(draft.request, draft.problem or encoded)
    return _with_body(draft, encoded)


def _with_body(draft: Draft, encoded: Encoded) -> Draft:
    request = msgspec.structs.replace(
        draft.request, body=encoded.body, content_type=encoded.content_type
    )
    return Draft(request, draft.problem)


class Announced(msgspec.Struct, frozen=True):
    """One file to announce to a drive: its ``name``, its ``size`` in bytes, its
    ``content_type``, where it sits below the upload's base path (``relative_path``, e.g.
    ``docs/a.txt``; ``None`` puts it at the base), and its bytes (``source``): in memory, or a
    :class:`~mosaia.multipart.FileSource` on disk, read only when the call is sent. A file
    announced without its bytes, or whose bytes are not ``size`` long, is a caller mistake:
    the platform sizes the upload from the bytes it receives."""

    name: str
    size: int
    content_type: str = "application/octet-stream"
    relative_path: str | None = None
    source: bytes | FileSource | None = None

    def __repr__(self) -> str:
        # The bytes in memory are the file's contents: a repr shows how many, never what.
        source = self.source
        shown = f"<{len(source)} bytes>" if isinstance(source, _BYTES) else repr(source)
        return (
            f"Announced(name={self.name!r}, size={self.size!r}, "
            f"content_type={self.content_type!r}, relative_path={self.relative_path!r}, "
            f"source={shown})"
        )


_BYTES = (bytes, bytearray, memoryview)


def _size_problem(file: object) -> str | None:
    if not isinstance(file, Announced):
        return f"files must be Announced values, got {type(file).__name__}"
    if not isinstance(file.size, int) or isinstance(file.size, bool) or file.size < 0:
        return f"file {file.name!r}: size must be a whole number of bytes, got {file.size!r}"
    return None


def _source_problem(file: Announced) -> str | None:
    source = file.source
    if source is None:
        return f"file {file.name!r} has no source: the announce carries each file's bytes"
    if not isinstance(source, FileSource | bytes | bytearray | memoryview):
        kind = type(source).__name__
        return f"file {file.name!r}: source must be bytes or a FileSource, got {kind}"
    held = source.size if isinstance(source, FileSource) else len(source)
    if held != file.size:
        return f"file {file.name!r} is announced as {file.size} bytes but its source has {held}"
    return None


def announce(
    drive_id: Target,
    files: Sequence[Announced],
    *,
    path: str = "/",
    preserve_structure: bool | None = None,
    boundary: str | None = None,
) -> Call[UploadStart]:
    """POST ``/drive/{id}/item`` as ``multipart/form-data``: one ``files`` part per file (its
    filename, type and bytes), ``path`` (the base folder), ``relativePaths`` (a JSON list, when
    any file has one) and ``preserveStructure``. Empty files are dropped first, as the platform
    wants; announcing nothing is a caller mistake. The answer gives one
    :class:`~mosaia.types.UploadTarget` per file left, in order.

    A file whose ``source`` is a :class:`~mosaia.multipart.FileSource` makes the body
    :class:`~mosaia.http.Streamed`: read from disk as it is sent, in constant memory, and
    failing (naming the file) if the file is gone or resized by then. The boundary is then
    derived from names, paths and sizes, which a file's contents could be made to contain: a
    shell sending files should pass a random ``boundary`` (:func:`mosaia.files.upload`
    does)."""
    where = expand("/drive/{drive}/item", drive=drive_id)
    listed = list(files) if isinstance(files, Sequence) and not isinstance(files, str) else []
    problem = where[1] or next(filter(None, map(_size_problem, listed)), None)
    kept = [f for f in listed if _size_problem(f) is None and f.size > 0]
    if not problem and not kept:
        problem = "no files to upload (empty files are not announced)"
    usable = isinstance(path, str) and path.startswith("/") and "\0" not in path
    if usable and unencodable(path):
        usable = False
    if not problem and not usable:
        problem = f"path must be an absolute folder path, got {path!r}"
    for file in kept:
        problem = problem or _source_problem(file)
    parts = [Part("files", _data(f), f.name, f.content_type) for f in kept]
    parts.append(Part("path", path.encode("utf-8", "replace") if usable else b""))
    if any(f.relative_path is not None for f in kept):
        relative = [f.relative_path or f.name for f in kept]
        parts.append(Part("relativePaths", msgspec.json.encode(relative)))
    if preserve_structure is not None:
        parts.append(Part("preserveStructure", b"true" if preserve_structure else b"false"))
    draft = multipart(build("POST", (where[0], problem)), parts, boundary)
    return draft.bare(UploadStart)


def _data(file: Announced) -> bytes | FileSource:
    # A file without a source still encodes (empty), so the call is a value; its problem says
    # it must not be sent.
    source = file.source
    if isinstance(source, FileSource):
        return source
    return bytes(source) if isinstance(source, _BYTES) else b""


# A job's URLs name the versioned path (`/v1/drive/...`); calls are relative to the versioned
# base, so the prefix goes.
_VERSION = re.compile(r"^/v\d+(?=/)")
_JOB_URL = re.compile(r"^/drive/([^/?#]+)/upload/([^/?#]+)(/failed)?$")


def _job_path(url: str, failed: bool) -> tuple[str, str | None]:
    if not isinstance(url, str):
        return "", f"job URL must be a string, got {type(url).__name__}"
    path = _VERSION.sub("", urlsplit(url).path if "://" in url else url.partition("?")[0])
    found = _JOB_URL.match(path)
    if found is None or bool(found.group(3)) != failed:
        kind = "failed_url" if failed else "status_url"
        return "", f"{kind} {url!r} is not a drive upload job's {kind}"
    # The URL's segments come percent-encoded; decoded and encoded again, each is checked as
    # any id is (no `..` reaching another route).
    template = "/drive/{drive}/upload/{job}" + ("/failed" if failed else "")
    return expand(template, drive=unquote(found.group(1)), job=unquote(found.group(2)))


def mark_failed(failed_url: str, error: str = DEFAULT_FAILURE) -> Call[UploadFailure]:
    """POST ``failed_url`` (``/drive/{d}/upload/{job}/failed``, a leading ``/v1`` removed) with
    ``{"error": error}``: the job ends ``FAILED`` and the platform gives back the drive quota
    it took."""
    path, problem = _job_path(failed_url, True)
    return build("POST", (path, problem), body={"error": error or DEFAULT_FAILURE}).bare(
        UploadFailure
    )


def job_status(status_url: str) -> Call[UploadJob]:
    """GET ``status_url`` (``/drive/{d}/upload/{job}``, a leading ``/v1`` removed): the job."""
    return build("GET", _job_path(status_url, False)).one(UploadJob)


def download(drive_id: Target, item_id: Target, *, expires_in: int | None = None) -> Call[None]:
    """GET ``/drive/{d}/item/{i}/download``: answered with a redirect whose ``Location`` is a
    short-lived storage URL (valid ``expires_in`` seconds when given), or the bytes themselves.
    Read it with :func:`mosaia.files.download`, which follows that one redirect without the
    bearer token; run as a plain call, its success carries no value."""
    where = expand("/drive/{drive}/item/{item}/download", drive=drive_id, item=item_id)
    return build("GET", where, params={"expires_in": expires_in}).nothing()

"""What uploads and downloads share: the progress value, the storage pool (no credentials of the
API ever go to it), the checks on a storage URL, and how storage's failures read."""

from __future__ import annotations

import mimetypes
import os
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import msgspec
import urllib3
from returns.result import Failure, Result, Success

from mosaia._redact import MASK
from mosaia.config import MosaiaConfig, is_loopback
from mosaia.errors import (
    ApiError,
    InvalidRequest,
    TransportError,
    api_error_type,
)
from mosaia.executors._base import Executor

# The one reader of files going out, shared with the executors: its piece size is the files'.
from mosaia.executors._bodies import CHUNK as CHUNK
from mosaia.executors._bodies import open_regular
from mosaia.executors._log import redact_urllib3_logs
from mosaia.http import Timeout

ERROR_PREVIEW = 4096


class Transport(Protocol):
    """What the file operations run through: a config and an executor (a ``Mosaia`` client)."""

    @property
    def config(self) -> MosaiaConfig:
        """The config API calls are prepared under."""
        ...

    @property
    def executor(self) -> Executor:
        """The executor API calls are sent through (never storage's requests)."""
        ...


class Transfer(msgspec.Struct, frozen=True):
    """Where a transfer stands, told to ``on_progress``: files finished (``done``, of which
    ``failed`` failed) of ``total``, and bytes sent to storage or received so far of
    ``bytes_total``. An upload first announces its files with their bytes: ``announced``
    counts those (of the same ``bytes_total``) while the announce goes out."""

    done: int
    total: int
    failed: int
    bytes_done: int
    bytes_total: int
    announced: int = 0


class LocalImage(msgspec.Struct, frozen=True):
    """An image read from disk: its bytes, file name and guessed type, ready for
    ``upload_image(id, image.data, image.filename, image.content_type)``."""

    data: bytes
    filename: str
    content_type: str

    def __repr__(self) -> str:
        return f"LocalImage({self.filename!r}, {len(self.data)} bytes, {self.content_type!r})"


class Downloaded(msgspec.Struct, frozen=True):
    """A finished download: where it was written, how many bytes, and their SHA-256 when it
    was asked for (``download(..., checksum=True)``; hashing costs about as much as a fast
    loopback transfer, so it is not done unasked)."""

    path: str
    size: int
    sha256: str | None = None


def guess_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def file_problem(path: object) -> str | None:
    # Each refusal names the path: "nothing sent" is only useful if the caller learns why.
    if not isinstance(path, str | os.PathLike):
        return f"a file path must be a str or a Path, got {type(path).__name__}"
    if not os.path.exists(path):
        return f"file {os.fspath(path)!r} does not exist"
    if os.path.isdir(path):
        return f"{os.fspath(path)!r} is a directory, not a file"
    try:
        with open_regular(path):
            pass
    except (OSError, ValueError) as exc:
        return f"file {os.fspath(path)!r} cannot be read: {getattr(exc, 'strerror', None) or exc}"
    return None


def image_from_path(path: str | os.PathLike[str]) -> Result[LocalImage, InvalidRequest]:
    """The image at ``path``, its type guessed from its name; a missing, unreadable or empty
    file, or a directory, is ``InvalidRequest`` naming it."""
    problem = file_problem(path)
    if problem is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            problem = f"file {os.fspath(path)!r} cannot be read: {exc.strerror or exc}"
        else:
            if not data:
                problem = f"file {os.fspath(path)!r} is empty"
    if problem is not None:
        return Failure(InvalidRequest(message=problem))
    name = os.path.basename(os.fspath(path))
    return Success(LocalImage(data, name, guess_type(name)))


def storage_url_problem(url: object, what: str = "presigned URL") -> str | None:
    """Why ``url`` may not receive a file's bytes, or ``None``: storage is reached over https
    only (plain http to loopback, a local simulator, aside). The message masks its query."""
    if not isinstance(url, str) or not url:
        return f"the {what} is missing"
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return None
    return f"refusing the {what} {masked(url)!r}: storage is reached over https only"


def masked(url: str) -> str:
    """``url`` with its whole query masked: a presigned URL's query is its credential."""
    head, question, _ = url.partition("?")
    return head + (f"?{MASK}" if question else "")


class Meter:
    """Counts files and bytes under a lock and tells ``on_progress``; a hook that raises is
    its own failure, never the transfer's."""

    def __init__(self, hook: Callable[[Transfer], None] | None, total: int, size: int) -> None:
        self._hook, self._lock = hook, threading.Lock()
        self._state = Transfer(0, total, 0, 0, size)

    def add(self, *, done: int = 0, failed: int = 0, sent: int = 0) -> None:
        with self._lock:
            s = self._state
            self._state = msgspec.structs.replace(
                s, done=s.done + done, failed=s.failed + failed, bytes_done=s.bytes_done + sent
            )
            state = self._state
        self._tell(state)

    def announced(self, sent: int) -> None:
        """The announce has carried ``sent`` bytes of the files so far (in this attempt)."""
        with self._lock:
            self._state = state = msgspec.structs.replace(self._state, announced=sent)
        self._tell(state)

    def _tell(self, state: Transfer) -> None:
        if self._hook is not None:
            with suppress(Exception):
                self._hook(state)


def storage_pool(config: MosaiaConfig, concurrency: int) -> urllib3.PoolManager:
    """A pool for storage alone: no default headers, no retries, no redirects, so nothing of
    the API's credentials reaches storage and a re-sent PUT stays the caller's decision."""
    timeout = Timeout.of(config.timeout)
    # urllib3 logs request lines with their query at DEBUG: a presigned URL's is its key.
    redact_urllib3_logs(if_debugging=True)
    return urllib3.PoolManager(
        num_pools=8,
        maxsize=max(concurrency, 1),
        retries=False,
        timeout=urllib3.Timeout(connect=timeout.connect, read=timeout.read),
    )


def transport_error(exc: BaseException, url: str, sent: bool) -> TransportError:
    """The error for a storage request that broke: urllib3's text names the URL (or only its
    path and query), so the query, the URL's credential, is masked wherever it appears."""
    text = str(exc).replace(url, masked(url))
    query = url.partition("?")[2]
    if query:
        text = text.replace(query, MASK)
    return TransportError(
        message=f"storage: {type(exc).__name__}: {text}", url=masked(url), sent=sent
    )


def storage_error(response: urllib3.BaseHTTPResponse, name: str) -> ApiError:
    """The error for storage answering ``response`` (not 2xx) about ``name``: the error kind of
    its status, with the start of its body for diagnosis."""
    body = response.read(ERROR_PREVIEW, decode_content=False) or b""
    headers = tuple((k, v) for k, v in response.headers.items())
    return api_error_type(response.status)(
        status=response.status,
        message=f"storage answered {response.status} for {name!r}",
        code="storage_error",
        body=body,
        headers=headers,
    )

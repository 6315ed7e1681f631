"""Downloading a drive item: follow its one redirect to storage, stream the bytes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from returns.result import Failure, Result, Success

from mosaia.api import uploads
from mosaia.api._crud import Target
from mosaia.config import MosaiaConfig, prepare
from mosaia.decode import error_from_response
from mosaia.errors import (
    InvalidRequest,
    MosaiaError,
)
from mosaia.executors._base import StreamingExecutor
from mosaia.files._common import (
    CHUNK,
    ERROR_PREVIEW,
    Downloaded,
    Meter,
    Transfer,
    Transport,
    masked,
    storage_error,
    storage_pool,
    storage_url_problem,
    transport_error,
)
from mosaia.http import HttpResponse


def iter_download(
    client: Transport,
    drive_id: Target,
    item_id: Target,
    *,
    expires_in: int | None = None,
    on_progress: Callable[[Transfer], None] | None = None,
) -> Iterator[Result[bytes, MosaiaError]]:
    """The bytes of drive item ``item_id``, piece by piece as they arrive (constant memory).

    The API answers with a redirect to a short-lived storage URL; that one redirect is
    followed, without the bearer token, because this operation asks for it (executors never
    follow redirects). An answer carrying the bytes itself is read the same way. A failure is
    the last thing yielded."""
    call = uploads.download(drive_id, item_id, expires_in=expires_in)
    prepared = prepare(call, client.config)
    if not isinstance(prepared, Success):
        yield Failure(prepared.failure())
        return
    request = prepared.unwrap()
    executor = client.executor
    if isinstance(executor, StreamingExecutor):
        opened = executor.open(request)
        if not isinstance(opened, Success):
            yield Failure(opened.failure())
            return
        stream = opened.unwrap()
        status, headers = stream.status, stream.headers
        if 200 <= status < 300:
            meter = Meter(on_progress, 1, _length(headers))
            for piece in stream.iter_bytes():
                if isinstance(piece, Success):
                    meter.add(sent=len(piece.unwrap()))
                yield piece
            stream.close()
            meter.add(done=1)
            return
        body = b"" if 300 <= status < 400 else b"".join(_capped(stream.iter_bytes()))
        stream.close()
        answer = HttpResponse(status, headers, body)
    else:
        sent = executor.send(request)
        if not isinstance(sent, Success):
            yield Failure(sent.failure())
            return
        answer = sent.unwrap()
        if 200 <= answer.status < 300:
            yield Success(answer.body)
            return
    location = answer.header("location")
    if not 300 <= answer.status < 400:
        yield Failure(error_from_response(answer))
        return
    url = urljoin(request.url, location or "")
    problem = storage_url_problem(location and url, "download URL")
    if problem is not None:
        yield Failure(InvalidRequest(message=problem))
        return
    yield from _from_storage(client.config, url, on_progress)


def _capped(pieces: Iterable[Result[bytes, Any]]) -> Iterator[bytes]:
    got = 0
    for piece in pieces:
        if not isinstance(piece, Success) or got >= ERROR_PREVIEW:
            return
        got += len(piece.unwrap())
        yield piece.unwrap()


def _length(headers: Iterable[tuple[str, str]]) -> int:
    for name, value in headers:
        if name.lower() == "content-length" and value.isdigit():
            return int(value)
    return 0


def _from_storage(
    config: MosaiaConfig, url: str, on_progress: Callable[[Transfer], None] | None
) -> Iterator[Result[bytes, MosaiaError]]:
    pool = storage_pool(config, 1)
    try:
        response = pool.request("GET", url, redirect=False, preload_content=False)
    except Exception as exc:
        pool.clear()
        yield Failure(transport_error(exc, url, True))
        return
    try:
        if not 200 <= response.status < 300:
            yield Failure(storage_error(response, masked(url)))
            return
        meter = Meter(on_progress, 1, int(response.headers.get("content-length") or 0))
        try:
            for piece in response.stream(CHUNK, decode_content=False):
                meter.add(sent=len(piece))
                yield Success(piece)
        except Exception as exc:
            yield Failure(transport_error(exc, url, True))
            return
        meter.add(done=1)
    finally:
        response.release_conn()
        pool.clear()


def download(
    client: Transport,
    drive_id: Target,
    item_id: Target,
    destination: str | os.PathLike[str],
    *,
    expires_in: int | None = None,
    on_progress: Callable[[Transfer], None] | None = None,
    checksum: bool = False,
) -> Result[Downloaded, MosaiaError]:
    """Download drive item ``item_id`` to the file ``destination``, streamed (constant memory):
    the bytes go to ``destination + ".part"``, renamed into place only once whole, so a failed
    download never leaves a truncated file under the real name. A destination that is a
    directory, or whose folder does not exist, is ``InvalidRequest`` and nothing is sent.
    ``checksum=True`` also gives the bytes' SHA-256 in the answer."""
    if not isinstance(destination, str | os.PathLike):
        kind = type(destination).__name__
        return Failure(InvalidRequest(message=f"destination must be a path, got {kind}"))
    target = Path(destination)
    if target.is_dir():
        return Failure(InvalidRequest(message=f"{os.fspath(target)!r} is a directory"))
    if not target.parent.is_dir():
        message = f"folder {os.fspath(target.parent)!r} of the destination does not exist"
        return Failure(InvalidRequest(message=message))
    partial = target.with_name(target.name + ".part")
    digest, size = (hashlib.sha256() if checksum else None), 0
    try:
        with open(partial, "wb") as out:
            for piece in iter_download(
                client, drive_id, item_id, expires_in=expires_in, on_progress=on_progress
            ):
                if not isinstance(piece, Success):
                    out.close()
                    partial.unlink(missing_ok=True)
                    return Failure(piece.failure())
                data = piece.unwrap()
                out.write(data)
                if digest is not None:
                    digest.update(data)
                size += len(data)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return Failure(InvalidRequest(message=f"cannot write {os.fspath(target)!r}: {exc}"))
    sha256 = None if digest is None else digest.hexdigest()
    return Success(Downloaded(os.fspath(target), size, sha256))

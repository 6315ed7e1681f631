"""Uploading files from disk to a drive: announce them (their bytes streamed in the form), then
stream each file to its presigned URL."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
import urllib3
from returns.result import Failure, Result, Success

from mosaia._types.drive_ops import UploadTarget
from mosaia._types.drives import UploadJob
from mosaia.api import uploads
from mosaia.api._crud import Target
from mosaia.config import MosaiaConfig
from mosaia.errors import DecodeError, InvalidRequest, MosaiaError, TransportError
from mosaia.executors._bodies import (
    SourceChanged,
    file_chunks,
    reporting_sent,
    source_failure,
    source_problem,
)
from mosaia.files._common import (
    Meter,
    Transfer,
    Transport,
    file_problem,
    guess_type,
    masked,
    storage_error,
    storage_pool,
    storage_url_problem,
    transport_error,
)
from mosaia.http import Timeout, timeout_problem
from mosaia.multipart import FileSource
from mosaia.run import run


def _expired(target: UploadTarget, now: float) -> str | None:
    if not target.expires_at:
        return None
    try:
        expires = datetime.fromisoformat(target.expires_at.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None  # an expiry we cannot read is the storage's to enforce
    if now >= expires:
        return f"the presigned URL for {target.name!r} expired at {target.expires_at}"
    return None


def _announced(paths: Sequence[Any], relative_to: Any) -> list[uploads.Announced]:
    out = []
    for path in paths:
        name = os.path.basename(os.fspath(path))
        relative = None
        if relative_to is not None:
            relative = Path(os.path.relpath(path, relative_to)).as_posix()
        size = os.path.getsize(path)
        # Absolute: the call reads the file when sent, wherever the process is by then.
        source = FileSource(os.path.abspath(os.fspath(path)), size)
        out.append(uploads.Announced(name, size, guess_type(name), relative, source))
    return out


def _boundary() -> str:
    # Random, so no file's contents can have been made to hold it: the pure builder can only
    # derive one from names, paths and sizes, since it never reads a file.
    return "mosaia-" + secrets.token_hex(20)


#: The slowest uplink an announce is given time for (2 Mbit/s): its total deadline grows by
#: one second for every this many bytes it carries, so a big file is not cut off by the
#: deadline meant for one JSON answer, and the call still ends.
SLOWEST_UPLINK = 256 * 1024


def announce_timeout(config: MosaiaConfig, size: int) -> Timeout:
    """The limits of an announce carrying ``size`` bytes: the config's, with the total deadline
    of the attempt lengthened by the time :data:`SLOWEST_UPLINK` takes to send them. A config
    whose timeout is not valid keeps it as it is, for ``prepare`` to report."""
    limits = Timeout.of(config.timeout)
    if timeout_problem(limits) is not None:
        return limits
    return msgspec.structs.replace(limits, total=limits.total_seconds + size / SLOWEST_UPLINK)


def upload(
    client: Transport,
    drive_id: Target,
    paths: Iterable[str | os.PathLike[str]],
    *,
    base_path: str = "/",
    relative_to: str | os.PathLike[str] | None = None,
    preserve_structure: bool | None = None,
    concurrency: int = 4,
    on_progress: Callable[[Transfer], None] | None = None,
    clock: Callable[[], float] = time.time,
) -> list[Result[UploadJob, MosaiaError]]:
    """Upload the files at ``paths`` into drive ``drive_id`` below ``base_path``: one
    ``Result`` per path, in order, ``Success`` holding the finished :class:`UploadJob`.

    The files are announced in one call that carries their bytes, as the platform expects
    (``relative_to`` keeps each file's path below that folder, with ``preserve_structure``);
    then each file's bytes are PUT to its presigned URL, ``concurrency`` at a time. Both times
    they are streamed from disk, so memory stays flat whatever the sizes. ``on_progress``
    hears a :class:`Transfer` as bytes go out: ``announced`` counts them during the announce,
    ``bytes_done`` as they go to storage. A file that changes size after it
    was listed fails: the announce, for every file, when it changed before that was sent;
    its own result when it changed before its PUT. A missing or unreadable path, a
    directory, or no paths at all is ``InvalidRequest`` and nothing is sent; an empty file is
    not announced (its result says so). A presigned URL that is not https (loopback aside) or
    that has expired by ``clock`` is refused; each file that fails is reported to its job's
    ``failed_url``."""
    listed = [] if isinstance(paths, str | bytes) else list(paths)
    if isinstance(paths, str | bytes) or not listed:
        return [Failure(InvalidRequest(message="no files to upload: paths is empty"))]
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or concurrency < 1:
        return [Failure(InvalidRequest(message=f"concurrency must be >= 1, got {concurrency!r}"))]
    problems = [file_problem(path) for path in listed]
    first = next((p for p in problems if p is not None), None)
    if first is not None:
        return [
            Failure(InvalidRequest(message=p or f"not uploaded, nothing was sent: {first}"))
            for p in problems
        ]
    try:
        files = _announced(listed, relative_to)
    except (OSError, TypeError, ValueError) as exc:
        misfit = InvalidRequest(message=f"relative_to {relative_to!r} does not fit: {exc}")
        return [Failure(misfit) for _ in listed]
    call = uploads.announce(
        drive_id, files, path=base_path, preserve_structure=preserve_structure, boundary=_boundary()
    )
    call = call.with_timeout(announce_timeout(client.config, sum(f.size for f in files)))
    kept = [i for i, f in enumerate(files) if f.size > 0]
    results: list[Result[UploadJob, MosaiaError]] = [
        Failure(InvalidRequest(message=f"file {os.fspath(p)!r} is empty; not uploaded"))
        for p in listed
    ]
    if not kept:
        return results
    meter = Meter(on_progress, len(kept), sum(files[i].size for i in kept))
    with reporting_sent(meter.announced):
        started = run(call, client.config, client.executor)
    if not isinstance(started, Success):
        refused: Result[UploadJob, MosaiaError] = Failure(started.failure())
        return [refused if i in kept else r for i, r in enumerate(results)]
    targets = started.unwrap().files or []
    pool = storage_pool(client.config, concurrency)
    sender = _Sender(client, pool, meter, clock)
    try:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="mosaia-upload") as ex:
            futures = {
                i: ex.submit(sender.send, files[i], targets[n] if n < len(targets) else None)
                for n, i in enumerate(kept)
            }
            for i, future in futures.items():
                results[i] = future.result()
    finally:
        pool.clear()
    return results


class _Sender:
    """Sends one file to its presigned URL and settles its job."""

    def __init__(
        self,
        client: Transport,
        pool: urllib3.PoolManager,
        meter: Meter,
        clock: Callable[[], float],
    ) -> None:
        self.client, self.pool, self.meter, self.clock = client, pool, meter, clock

    def send(
        self, file: uploads.Announced, target: UploadTarget | None
    ) -> Result[UploadJob, MosaiaError]:
        if target is None:
            error: MosaiaError = DecodeError(
                message=f"the upload start answer has no target for {file.name!r}",
                path="$.data.files",
            )
            self.meter.add(done=1, failed=1)
            return Failure(error)
        try:
            outcome = self._put(file, target)
        except Exception as exc:  # a clock of the caller's that raised: still this file's result
            outcome = TransportError(
                message=f"uploading {file.name!r} failed: {type(exc).__name__}", sent=False
            )
        if outcome is not None:
            self.meter.add(done=1, failed=1)
            if target.failed_url:
                run(
                    uploads.mark_failed(target.failed_url, outcome.message),
                    self.client.config,
                    self.client.executor,
                )
            return Failure(outcome)
        self.meter.add(done=1)
        if target.status_url:
            return run(
                uploads.job_status(target.status_url), self.client.config, self.client.executor
            )
        return Success(UploadJob(id=target.upload_job_id, name=file.name, status="COMPLETED"))

    def _put(self, file: uploads.Announced, target: UploadTarget) -> MosaiaError | None:
        url = target.presigned_url or ""
        problem = storage_url_problem(target.presigned_url) or _expired(target, self.clock())
        if problem is not None:
            return InvalidRequest(message=problem)
        source = file.source
        if not isinstance(source, FileSource):
            return InvalidRequest(message=f"{file.name!r} has no file to send")
        changed = source_problem(source)  # since the announce: nothing goes out
        if changed is not None:
            return source_failure(changed, masked(url))
        headers = {
            "Content-Type": target.mime_type or file.content_type,
            "Content-Length": str(source.size),
        }
        chunks = file_chunks(source.path, source.size, lambda n: self.meter.add(sent=n))
        try:
            response = self.pool.request(
                "PUT",
                url,
                body=chunks,
                headers=headers,
                redirect=False,
                preload_content=False,
            )
            try:
                if not 200 <= response.status < 300:
                    return storage_error(response, file.name)
            finally:
                response.drain_conn()
                response.release_conn()
        except SourceChanged as exc:
            return source_failure(str(exc), masked(url))
        except Exception as exc:
            return transport_error(exc, url, True)
        finally:
            chunks.close()
        return None

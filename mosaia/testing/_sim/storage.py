"""Files in the simulator (contract 2.6, 4.3, 4.4): image uploads, announcing files to a drive,
upload jobs, marking one failed, and downloads; and :class:`Storage`, the simulated object store
behind them, served on an origin of its own (:mod:`~mosaia.testing._sim.storage_http`).

An announce (``POST /drive/{d}/item`` as ``multipart/form-data``, read as it arrives by
:mod:`~mosaia.testing._sim.forms`) makes one ``PENDING`` job per file, sized from the bytes its
part carried, with a presigned PUT URL on the storage origin, expiring by the simulator's
clock. A PUT moves the job to ``UPLOADING`` and, once the last byte is in, to ``COMPLETED``
with the drive item created; ``failed_url`` ends it ``FAILED``. A download answers ``302`` to
a presigned GET URL of the same origin.

Storage records every request's headers (``storage.requests``), so a test can see that no
``Authorization`` header ever reached it, and takes knobs per file name: answer ``403``
(:meth:`Storage.refuse`) or reset the connection (:meth:`Storage.reset`).
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer, error_answer
from mosaia.testing._sim.forms import FormPart, read_form
from mosaia.testing._sim.routing import Params, Route, SimRequest
from mosaia.testing._sim.world import World

DRIVES = "/drive"
ITEMS = "/drive/{drive}/item"
JOBS = "/drive/{drive}/upload"
#: How long a presigned URL is valid, in seconds of the simulator clock (the platform's 300).
EXPIRES_IN = 300


@dataclass
class Grant:
    """What one presigned URL allows: a PUT of a job's bytes or a GET of a stored blob."""

    key: str
    signature: str
    expires: float
    drive: str
    job: str | None = None
    name: str = ""
    item: str | None = None


@dataclass(frozen=True)
class StorageRequest:
    """One request storage received: method, path with its query, and headers as sent."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive)."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Storage:
    """The simulated object store: blobs on disk (never in memory, however large), the grants
    of presigned URLs, every request received, and the fault knobs. Thread-safe."""

    origin: str = "http://127.0.0.1:9"
    grants: dict[str, Grant] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    requests: list[StorageRequest] = field(default_factory=list)
    faults: dict[str, str] = field(default_factory=dict)
    #: PUTs being received right now, and the most there ever were at once.
    active_puts: int = 0
    peak_puts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _folder: str | None = None

    def refuse(self, name: str) -> None:
        """Answer ``403`` to the PUT of the file called ``name``."""
        with self.lock:
            self.faults[name] = "403"

    def reset(self, name: str) -> None:
        """Reset the connection in the middle of the PUT of the file called ``name``."""
        with self.lock:
            self.faults[name] = "reset"

    def path(self, key: str) -> str:
        """Where blob ``key`` is kept on disk."""
        with self.lock:
            if self._folder is None:
                self._folder = tempfile.mkdtemp(prefix="mosaia-storage-")
            return f"{self._folder}/{key}"

    def close(self) -> None:
        """Delete every stored blob."""
        with self.lock:
            folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def presign(self, grant: Grant) -> str:
        """A URL granting ``grant`` (its query, like S3's, is its credential)."""
        with self.lock:
            self.grants[grant.signature] = grant
        return (
            f"{self.origin}/blob/{grant.key}?X-Amz-Expires={EXPIRES_IN}"
            f"&X-Amz-Signature={grant.signature}"
        )


_STORAGES: weakref.WeakKeyDictionary[World, Storage] = weakref.WeakKeyDictionary()
_STORAGES_LOCK = threading.Lock()


def storage_of(sim: World) -> Storage:
    """The object store of simulator ``sim`` (made on first use)."""
    with _STORAGES_LOCK:
        found = _STORAGES.get(sim)
        if found is None:
            found = _STORAGES[sim] = Storage()
        return found


def _invalid(message: str) -> HttpResponse:
    return error_answer(400, code="VALIDATION_ERROR", message=message)


def parse_form(request: SimRequest) -> list[FormPart] | HttpResponse:
    """The parts of a ``multipart/form-data`` request: its form as read while it arrived, or
    read now from its body; a 400 answer when it is not a whole form."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return _invalid("expected a multipart/form-data body")
    form = (
        request.multipart
        if request.multipart is not None
        else read_form([request.body], content_type)
    )
    if form.problem is not None:
        return _invalid(form.problem)
    if not form.parts:
        return _invalid("the multipart body has no parts")
    return list(form.parts)


# --- image uploads (4.3) ---------------------------------------------------------------------


class _ImageUpload:
    """``POST {entity}/{id}[/profile]/image/upload``: one part ``file``; the entity's ``image``
    becomes the stored URL."""

    def __init__(self, collection: str) -> None:
        self.collection = collection

    def __call__(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        docs = sim.collection(self.collection).docs
        doc = docs.get(params["id"])
        if doc is None:
            return error_answer(404, code="NOT_FOUND", message=f"{params['id']!r} not found")
        parts = parse_form(request)
        if isinstance(parts, HttpResponse):
            return parts
        files = [p for p in parts if p.name == "file" and p.filename]
        if len(files) != 1 or not files[0].size:
            return _invalid("exactly one non-empty part named file is required")
        filename, kind = files[0].filename, files[0].content_type
        if not kind.startswith("image/"):
            return _invalid(f"file must be an image, got {kind}")
        image = f"{storage_of(sim).origin}/images/{params['id']}/{filename}"
        updated = {**doc, "image": image, "updated_at": sim.now_iso()}
        docs[doc["id"]] = updated
        return data_answer(updated)


# --- drive uploads (4.4) ---------------------------------------------------------------------


def _form_value(parts: list[FormPart], name: str) -> str | None:
    found = [p.text for p in parts if p.name == name and p.filename is None]
    return found[-1] if found else None


def announce(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``POST /drive/{d}/item`` as a form: one ``PENDING`` job per ``files`` part, sized from
    the bytes the part carried (as the platform sizes it), each with a presigned PUT URL that
    expires in :data:`EXPIRES_IN` seconds of the simulator clock."""
    drive = params["drive"]
    if drive not in sim.collection(DRIVES).docs:
        return error_answer(404, code="DRIVE_NOT_FOUND", message=f"drive {drive!r} not found")
    parts = parse_form(request)
    if isinstance(parts, HttpResponse):
        return parts
    files = [p for p in parts if p.name == "files" and p.filename]
    if not files:
        return _invalid("no files: send one part named files per file")
    try:
        relative = _form_value(parts, "relativePaths")
        paths = msgspec.json.decode(relative) if relative and relative.startswith("[") else None
    except msgspec.DecodeError as exc:
        return _invalid(f"relativePaths is not JSON: {exc}")
    base = (_form_value(parts, "path") or "/").rstrip("/")
    storage = storage_of(sim)
    expires = sim.clock() + EXPIRES_IN
    answered = []
    for n, part in enumerate(files):
        filename, kind, size = part.filename, part.content_type, part.size
        below = paths[n] if isinstance(paths, list) and n < len(paths) else filename
        job = sim.insert(JOBS, {"drive": drive, "name": filename, "status": "PENDING"})
        grant = Grant(secrets.token_hex(8), secrets.token_hex(16), expires, drive, job["id"])
        grant.name = str(filename)
        url = storage.presign(grant)
        job_url = f"/v1/drive/{drive}/upload/{job['id']}"
        fields = {
            "original_name": filename,
            "size": size,
            "mime_type": kind,
            "path": f"{base}/{below}",
            "item_type": "FILE",
            "s3_key": grant.key,
            "presigned_url": url,
            "presigned_url_expires_at": _iso(expires),
            "started_at": sim.now_iso(),
            "failed_url": job_url + "/failed",
            "status_url": job_url,
        }
        job.update(fields)
        answered.append(
            {
                "upload_job_id": job["id"],
                "name": filename,
                "mime_type": kind,
                "size": size,
                "path": fields["path"],
                "presigned_url": url,
                "expires_in": EXPIRES_IN,
                "expires_at": fields["presigned_url_expires_at"],
                "failed_url": fields["failed_url"],
                "status_url": job_url,
            }
        )
    instructions = {
        "step1": "PUT each file's bytes to its presigned_url with its mime_type",
        "step2": "poll status_url, or wait: completion is confirmed server-side",
        "step3": "POST {error} to failed_url for a file that could not be sent",
    }
    message = f"{len(answered)} upload(s) started"
    return data_answer({"message": message, "files": answered, "instructions": instructions})


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _job(sim: World, drive: str, job: str) -> dict[str, Any] | None:
    doc = sim.collection(JOBS).docs.get(job)
    return doc if doc is not None and doc.get("drive") == drive else None


def mark_failed(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``POST /drive/{d}/upload/{job}/failed`` ``{error}``: the job ends ``FAILED`` and its
    presigned URL stops working."""
    job = _job(sim, params["drive"], params["job"])
    if job is None:
        return error_answer(404, code="UPLOAD_JOB_NOT_FOUND", message="upload job not found")
    try:
        body = request.json() or {}
    except msgspec.DecodeError:
        body = {}
    reason = body.get("error") if isinstance(body, dict) else None
    summary = reason if isinstance(reason, str) and reason else "Upload failed"
    job.update(status="FAILED", error_summary=summary, updated_at=sim.now_iso())
    storage = storage_of(sim)
    with storage.lock:
        for signature, grant in list(storage.grants.items()):
            if grant.job == job["id"]:
                del storage.grants[signature]
    answer = {"id": job["id"], "status": "FAILED", "error_summary": summary}
    return data_answer({**answer, "message": "upload marked failed; quota reverted"})


def started(sim: World, grant: Grant) -> bool:
    """Storage began receiving ``grant``'s bytes: its job is ``UPLOADING`` (``False`` when the
    job is gone or no longer waiting for them)."""
    with sim.lock:
        job = _job(sim, grant.drive, grant.job or "")
        if job is None or job.get("status") not in ("PENDING", "UPLOADING"):
            return False
        job.update(status="UPLOADING", updated_at=sim.now_iso())
        return True


def completed(sim: World, grant: Grant, size: int, etag: str) -> None:
    """Storage holds all of ``grant``'s bytes: the job is ``COMPLETED`` and the drive item
    exists (pointing at the stored blob, for downloads)."""
    with sim.lock:
        job = _job(sim, grant.drive, grant.job or "")
        if job is None:
            return
        item = sim.insert(
            ITEMS,
            {
                "drive": grant.drive,
                "name": job.get("name"),
                "path": job.get("path"),
                "size": size,
                "mime_type": job.get("mime_type"),
                "item_type": "FILE",
                "storage_key": grant.key,
            },
        )
        now = sim.now_iso()
        job.update(status="COMPLETED", completed_at=now, updated_at=now, etag=etag)
        job["item"] = item["id"]


def download(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``GET /drive/{d}/item/{i}/download[?expires_in=]``: ``302`` to a presigned GET URL of
    the stored bytes, valid ``expires_in`` seconds (default :data:`EXPIRES_IN`)."""
    item = sim.collection(ITEMS).docs.get(params["item"])
    if item is None or item.get("drive") != params["drive"]:
        return error_answer(404, code="DRIVE_ITEM_NOT_FOUND", message="drive item not found")
    key = item.get("storage_key")
    if not isinstance(key, str):
        return error_answer(404, code="NO_CONTENT", message="the item has no stored bytes")
    seconds = request.query.get("expires_in", [str(EXPIRES_IN)])[-1]
    lifetime = int(seconds) if seconds.isdigit() else EXPIRES_IN
    grant = Grant(key, secrets.token_hex(16), sim.clock() + lifetime, params["drive"])
    grant.item, grant.name = item["id"], str(item.get("name") or "")
    url = storage_of(sim).presign(grant)
    return HttpResponse(status=302, headers=(("Location", url), ("Content-Length", "0")))


def with_announce(routes: Iterable[Route]) -> tuple[Route, ...]:
    """``routes`` with each ``POST .../drive/{drive}/item`` answering a multipart body as an
    announce of files (JSON bodies still create a folder or metadata item as before)."""
    return tuple(_announcing(route) for route in routes)


def _announcing(route: Route) -> Route:
    if route.method != "POST" or not route.pattern.endswith("/drive/{drive}/item"):
        return route
    create = route.handler

    def handler(sim: World, request: SimRequest, params: Params) -> HttpResponse:
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            return announce(sim, request, params)
        return create(sim, request, params)

    return Route(route.method, route.pattern, handler, public=route.public)


_IMAGES = {
    "/agent": "/agent/{id}/image/upload",
    "/app": "/app/{id}/image/upload",
    "/tool": "/tool/{id}/image/upload",
    "/user": "/user/{id}/profile/image/upload",
    "/org": "/org/{id}/profile/image/upload",
}

#: The file routes, for the simulator's route table.
ROUTES = (
    *(Route("POST", pattern, _ImageUpload(path)) for path, pattern in _IMAGES.items()),
    Route("POST", "/drive/{drive}/upload/{job}/failed", mark_failed),
    Route("GET", "/drive/{drive}/item/{item}/download", download),
)

"""Files end to end against the served simulator: uploads announced to a drive and streamed to a
second (storage) origin with flat memory and no credentials, each failed file reported to its
job's ``failed_url``, downloads following the storage redirect, and bad input refused with
nothing sent."""

from __future__ import annotations

import hashlib
import logging
import os
import time
import tracemalloc
from pathlib import Path

import pytest
import urllib3
from returns.result import Failure, Success

from mosaia import Mosaia, files
from mosaia.api import uploads
from mosaia.errors import ApiError, InvalidRequest, TransportError
from mosaia.testing import Simulator, SimulatorServer
from mosaia.testing._sim.storage import EXPIRES_IN
from mosaia.types import UploadJob

MB = 1024 * 1024


def _drive(client: Mosaia) -> str:
    drive = client.drives.create(name="uploads").unwrap()
    assert drive.id
    return drive.id


def _jobs(sim: Simulator) -> dict[str, dict[str, object]]:
    return {str(d["name"]): d for d in sim.collection("/drive/{drive}/upload").docs.values()}


def _items(sim: Simulator) -> dict[str, dict[str, object]]:
    docs = sim.collection("/drive/{drive}/item").docs.values()
    return {str(d["name"]): d for d in docs if d.get("storage_key")}


def _write_big(path: Path, size: int) -> str:
    # Written a megabyte at a time, each different, so a swapped or repeated piece shows.
    digest = hashlib.sha256()
    block = os.urandom(MB)
    with open(path, "wb") as out:
        for n in range(size // MB):
            piece = n.to_bytes(8, "big") + block[8:]
            out.write(piece)
            digest.update(piece)
    return digest.hexdigest()


def test_fifty_files_go_up_streamed_with_flat_memory_and_the_big_one_comes_back(
    client: Mosaia, server: SimulatorServer, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    paths = []
    for n in range(49):
        path = tmp_path / f"f{n:02d}.txt"
        path.write_bytes(os.urandom(1 + (n * 7919) % 150_000))
        paths.append(path)
    big = tmp_path / "big.bin"
    big_hash = _write_big(big, 200 * MB)
    paths.insert(17, big)
    heard: list[files.Transfer] = []

    tracemalloc.start()
    try:
        results = files.upload(client, drive, paths, concurrency=4, on_progress=heard.append)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 64 * MB, f"peak {peak / MB:.1f} MB while uploading"
    assert len(results) == 50
    jobs = [r.unwrap() for r in results]
    assert all(isinstance(job, UploadJob) and job.status == "COMPLETED" for job in jobs)
    assert [job.name for job in jobs] == [p.name for p in paths]
    # The announce carried every file's bytes, as the platform sizes each job from its part:
    # the simulator counted each part, kept its first megabyte, and sized the jobs from them.
    sizes = {p.name: p.stat().st_size for p in paths}
    assert {name: job["size"] for name, job in _jobs(sim).items()} == sizes
    (form,) = sim.forms
    announced = [part for part in form.parts if part.name == "files"]
    assert [(part.filename, part.size) for part in announced] == [
        (p.name, sizes[p.name]) for p in paths
    ]
    for part, path in zip(announced, paths, strict=True):
        with open(path, "rb") as source:
            assert part.data == source.read(MB)
    items = _items(sim)
    assert {name: items[name]["size"] for name in items} == {
        p.name: p.stat().st_size for p in paths
    }
    total = sum(p.stat().st_size for p in paths)
    assert heard[-1] == files.Transfer(50, 50, 0, total, total, announced=total)
    # The announce is heard as it carries the bytes, before any goes to storage.
    announcing = [t.announced for t in heard if t.bytes_done == 0]
    assert announcing == sorted(announcing)
    assert announcing[-1] == total
    assert len(announcing) >= 200  # the 200 MB file, a megabyte at a time

    # Storage is another origin: nothing of the client's credentials ever reached it.
    puts = [r for r in server.storage.requests if r.method == "PUT"]
    assert len(puts) == 50
    for request in puts:
        assert request.header("authorization") is None
        assert all(sim.api_key not in value for _, value in request.headers)

    copy = tmp_path / "copy.bin"
    heard_down: list[files.Transfer] = []
    tracemalloc.start()
    try:
        done = files.download(
            client,
            drive,
            str(items["big.bin"]["id"]),
            copy,
            on_progress=heard_down.append,
            checksum=True,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * MB, f"peak {peak / MB:.1f} MB while downloading"
    assert done == Success(files.Downloaded(str(copy), 200 * MB, big_hash))
    assert heard_down[-1] == files.Transfer(1, 1, 0, 200 * MB, 200 * MB)
    gets = [r for r in server.storage.requests if r.method == "GET"]
    assert len(gets) == 1
    assert gets[0].header("authorization") is None


def test_a_storage_403_and_a_reset_fail_their_file_and_are_reported(
    client: Mosaia, server: SimulatorServer, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    (tmp_path / "ok.txt").write_bytes(b"fine")
    (tmp_path / "denied.txt").write_bytes(b"no entry")
    (tmp_path / "reset.bin").write_bytes(os.urandom(4 * MB))
    server.storage.refuse("denied.txt")
    server.storage.reset("reset.bin")
    paths = [tmp_path / n for n in ("ok.txt", "denied.txt", "reset.bin")]

    ok, denied, reset = files.upload(client, drive, paths)

    assert isinstance(ok, Success)
    assert ok.unwrap().status == "COMPLETED"
    assert isinstance(denied, Failure)
    assert isinstance(denied.failure(), ApiError)
    assert denied.failure().status == 403
    assert isinstance(reset, Failure)
    assert isinstance(reset.failure(), TransportError)
    jobs = _jobs(sim)
    assert [jobs[n]["status"] for n in ("ok.txt", "denied.txt", "reset.bin")] == [
        "COMPLETED",
        "FAILED",
        "FAILED",
    ]
    assert jobs["denied.txt"]["error_summary"] == denied.failure().message
    reported = [r.url for r in sim.requests if r.url.endswith("/failed")]
    assert len(reported) == 2
    # The presigned URL's query is its credential: no error shows it.
    for name, result in (("denied.txt", denied), ("reset.bin", reset)):
        signature = str(jobs[name]["presigned_url"]).rpartition("=")[2]
        assert signature not in repr(result)
        assert signature not in str(jobs[name]["error_summary"])


def test_an_expired_url_is_refused_before_sending_and_reported(
    client: Mosaia, server: SimulatorServer, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    (tmp_path / "late.txt").write_bytes(b"too late")

    (late,) = files.upload(client, drive, [tmp_path / "late.txt"], clock=lambda: time.time() + 3600)

    assert isinstance(late, Failure)
    assert isinstance(late.failure(), InvalidRequest)
    assert "expired" in late.failure().message
    assert server.storage.requests == []
    assert _jobs(sim)["late.txt"]["status"] == "FAILED"


def test_storage_that_is_not_https_is_refused_for_uploads_and_downloads(
    client: Mosaia, server: SimulatorServer, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    (tmp_path / "a.txt").write_bytes(b"abc")
    assert isinstance(files.upload(client, drive, [tmp_path / "a.txt"])[0], Success)
    item = str(_items(sim)["a.txt"]["id"])
    server.storage.origin = "http://storage.example.com"
    (refused,) = files.upload(client, drive, [tmp_path / "a.txt"])
    assert isinstance(refused, Failure)
    assert "https only" in refused.failure().message
    assert "X-Amz-Signature" not in refused.failure().message
    assert _jobs(sim)["a.txt"]["status"] in ("COMPLETED", "FAILED")
    fetched = files.download(client, drive, item, tmp_path / "b.txt")
    assert isinstance(fetched, Failure)
    assert "https only" in fetched.failure().message
    assert not (tmp_path / "b.txt").exists()
    assert len(server.storage.requests) == 1  # only the first, good upload


def test_bad_input_is_refused_naming_it_and_nothing_is_sent(
    client: Mosaia, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    sent = len(sim.requests)
    (tmp_path / "good.txt").write_bytes(b"x")
    missing, folder, good = tmp_path / "missing.txt", tmp_path, tmp_path / "good.txt"

    results = files.upload(client, drive, [missing, folder, good])

    messages = [r.failure().message for r in results if isinstance(r, Failure)]
    assert messages[0] == f"file {str(missing)!r} does not exist"
    assert messages[1] == f"{str(folder)!r} is a directory, not a file"
    assert messages[2].startswith("not uploaded, nothing was sent")
    assert files.upload(client, drive, []) == [
        Failure(InvalidRequest(message="no files to upload: paths is empty"))
    ]
    (tmp_path / "empty").write_bytes(b"")
    (empty,) = files.upload(client, drive, [tmp_path / "empty"])
    assert "is empty" in empty.failure().message
    assert isinstance(files.download(client, drive, "i1", tmp_path).failure(), InvalidRequest)
    # A FIFO named as a file would block a plain open() until a writer came: refused instead.
    os.mkfifo(tmp_path / "pipe")
    (pipe,) = files.upload(client, drive, [tmp_path / "pipe"])
    assert "is not a regular file" in pipe.failure().message
    assert len(sim.requests) == sent


def test_an_image_read_from_disk_becomes_the_agents_image(client: Mosaia, tmp_path: Path) -> None:
    agent = client.agents.create(name="Pictured", description="has a face").unwrap()
    assert agent.id
    (tmp_path / "face.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    image = files.image_from_path(tmp_path / "face.png").unwrap()
    assert image.content_type == "image/png"

    updated = client.agents.upload_image(agent.id, image.data, image.filename, image.content_type)

    assert updated.unwrap().image is not None
    assert str(updated.unwrap().image).endswith("/face.png")
    assert isinstance(files.image_from_path(tmp_path / "none.png").failure(), InvalidRequest)


def test_downloading_an_unknown_item_is_the_apis_404(client: Mosaia, tmp_path: Path) -> None:
    drive = _drive(client)
    fetched = files.download(client, drive, "nope", tmp_path / "x")
    assert isinstance(fetched, Failure)
    assert isinstance(fetched.failure(), ApiError)
    assert fetched.failure().status == 404


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_named(client: Mosaia, tmp_path: Path) -> None:
    secret = tmp_path / "locked.txt"
    secret.write_bytes(b"x")
    secret.chmod(0)
    (result,) = files.upload(client, "d1", [secret])
    assert "cannot be read" in result.failure().message


def test_urllib3s_debug_log_never_shows_a_presigned_urls_signature(
    client: Mosaia, sim: Simulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    drive = _drive(client)
    (tmp_path / "a.txt").write_bytes(b"abc")
    with caplog.at_level(logging.DEBUG, logger="urllib3"):
        (result,) = files.upload(client, drive, [tmp_path / "a.txt"])
    assert isinstance(result, Success)
    signature = str(_jobs(sim)["a.txt"]["presigned_url"]).rpartition("=")[2]
    assert "PUT /blob/" in caplog.text
    assert signature not in caplog.text


def test_nothing_raises_a_clock_that_fails_or_a_destination_that_is_no_path(
    client: Mosaia, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    (tmp_path / "a.txt").write_bytes(b"abc")

    def broken() -> float:
        raise RuntimeError("no time")

    (result,) = files.upload(client, drive, [tmp_path / "a.txt"], clock=broken)
    assert isinstance(result.failure(), TransportError)
    assert _jobs(sim)["a.txt"]["status"] == "FAILED"
    assert files.upload(client, drive, [tmp_path / "a.txt"], concurrency=0)[0].failure() == (
        InvalidRequest(message="concurrency must be >= 1, got 0")
    )
    assert isinstance(files.download(client, drive, "i1", 42).failure(), InvalidRequest)  # type: ignore[arg-type]


def test_no_more_files_go_up_at_once_than_concurrency_allows(
    client: Mosaia, server: SimulatorServer, tmp_path: Path
) -> None:
    drive = _drive(client)
    paths = []
    for n in range(8):
        (tmp_path / f"{n}.bin").write_bytes(os.urandom(2 * MB))
        paths.append(tmp_path / f"{n}.bin")

    results = files.upload(client, drive, paths, concurrency=2)

    assert all(isinstance(r, Success) for r in results)
    assert 1 <= server.storage.peak_puts <= 2


def test_simulated_storage_refuses_a_put_once_its_url_expired_by_the_simulator_clock(
    tmp_path: Path,
) -> None:
    now = [time.time()]
    sim = Simulator(clock=lambda: now[0])
    with SimulatorServer(sim) as server:
        client = Mosaia(server.config())
        drive = _drive(client)
        start = client.run(
            uploads.announce(drive, [uploads.Announced("a.txt", 3, source=b"abc")])
        ).unwrap()
        (target,) = start.files or []
        now[0] += EXPIRES_IN + 1
        answer = urllib3.request("PUT", target.presigned_url or "", body=b"abc")
        assert (answer.status, answer.data) == (403, b"Request has expired")
        assert _jobs(sim)["a.txt"]["status"] == "PENDING"


def test_a_download_hashes_its_bytes_only_when_asked(
    client: Mosaia, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    (tmp_path / "a.txt").write_bytes(b"abc")
    assert isinstance(files.upload(client, drive, [tmp_path / "a.txt"])[0], Success)
    item = str(_items(sim)["a.txt"]["id"])

    plain = files.download(client, drive, item, tmp_path / "b.txt").unwrap()
    hashed = files.download(client, drive, item, tmp_path / "c.txt", checksum=True).unwrap()

    assert (plain.size, plain.sha256) == (3, None)
    assert hashed.sha256 == hashlib.sha256(b"abc").hexdigest()
    assert (tmp_path / "b.txt").read_bytes() == (tmp_path / "c.txt").read_bytes() == b"abc"

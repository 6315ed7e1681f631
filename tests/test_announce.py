"""The drive upload's announce carries the files' bytes, streamed from disk, as the platform and
its Node SDK have it: through the real executor and the in-process simulator alike, re-read on
every attempt, failing (naming the file) when a file changed after the call was built, and never
showing a byte of a file in a repr, a log line, a curl command, an error or a cassette."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import time
from pathlib import Path
from typing import Any

import msgspec
import pytest
from returns.result import Failure, Result, Success

from mosaia import Mosaia, files
from mosaia.api import uploads
from mosaia.batch import run_many
from mosaia.cli._batch import read_calls
from mosaia.config import prepare
from mosaia.curl import to_curl
from mosaia.errors import ConnectionFailure, RateLimitError, TransportError
from mosaia.executors import Executor, LoggingExecutor
from mosaia.executors._bodies import SourceChanged, file_chunks, reporting_sent
from mosaia.executors._connect import connection_failure
from mosaia.files._upload import SLOWEST_UPLINK, announce_timeout
from mosaia.http import HttpRequest, HttpResponse, Timeout
from mosaia.multipart import Encoded, FileSource, Part, Streamed, encode
from mosaia.request import Call
from mosaia.retry import PERMANENT_FAULTS, RetryPolicy
from mosaia.testing import Faults, Player, Recorder, Simulator, SimulatorServer
from mosaia.types import UploadStart

MB = 1024 * 1024
#: What the test files hold: it must never turn up anywhere but in the bytes sent.
CONTENT = b"TOP-SECRET-CONTENT-" * 4096


def _drive(client: Mosaia) -> str:
    drive = client.drives.create(name="uploads").unwrap()
    assert drive.id
    return drive.id


def _file(folder: Path, name: str, data: bytes = CONTENT) -> uploads.Announced:
    path = folder / name
    path.write_bytes(data)
    return uploads.Announced(name, len(data), "text/plain", source=FileSource(str(path), len(data)))


def _announce(drive: str, *files: uploads.Announced) -> Call[UploadStart]:
    return uploads.announce(drive, list(files), boundary="mosaia-test-boundary-0123456789")


def _job_sizes(sim: Simulator) -> dict[str, object]:
    jobs = sim.collection("/drive/{drive}/upload").docs.values()
    return {str(job["name"]): job["size"] for job in jobs}


@pytest.mark.parametrize("where", ["served", "in-process"])
def test_the_announce_carries_the_bytes_and_the_simulator_sizes_jobs_from_them(
    where: str, request: pytest.FixtureRequest, sim: Simulator, tmp_path: Path
) -> None:
    client: Mosaia = request.getfixturevalue("client" if where == "served" else "local")
    drive = _drive(client)
    big = os.urandom(3 * MB)
    files = (_file(tmp_path, "a.txt"), _file(tmp_path, "big.bin", big), _file(tmp_path, "b", b"x"))

    started = client.run(_announce(drive, *files))

    assert [t.size for t in started.unwrap().files or []] == [len(CONTENT), 3 * MB, 1]
    assert _job_sizes(sim) == {"a.txt": len(CONTENT), "big.bin": 3 * MB, "b": 1}
    (form,) = sim.forms
    assert form.problem is None
    assert [(p.filename, p.size) for p in form.parts if p.name == "files"] == [
        ("a.txt", len(CONTENT)),
        ("big.bin", 3 * MB),
        ("b", 1),
    ]
    assert [p.data for p in form.parts if p.name == "files"] == [CONTENT, big[:MB], b"x"]


@pytest.mark.parametrize("where", ["served", "in-process"])
@pytest.mark.parametrize("change", ["deleted", "grown", "shrunk"])
def test_a_file_changed_after_the_call_was_built_fails_that_call_naming_it(
    where: str, change: str, request: pytest.FixtureRequest, sim: Simulator, tmp_path: Path
) -> None:
    client: Mosaia = request.getfixturevalue("client" if where == "served" else "local")
    drive = _drive(client)
    call = _announce(drive, _file(tmp_path, "a.txt"), _file(tmp_path, "b.txt"))
    target = tmp_path / "b.txt"
    if change == "deleted":
        target.unlink()
    else:
        target.write_bytes(CONTENT + b"more" if change == "grown" else b"less")
    sent = len(sim.requests)

    result = client.run(call)

    assert isinstance(result, Failure)
    error = result.failure()
    assert isinstance(error, TransportError)
    assert error.code == "source_changed"
    assert repr(str(target)) in error.message
    assert len(sim.requests) == sent  # checked before a byte went out, and not retried
    assert _job_sizes(sim) == {}


def test_a_file_that_grows_while_it_is_sent_stops_the_body_before_its_end(
    client: Mosaia, sim: Simulator, tmp_path: Path
) -> None:
    # /proc/self/status is a regular file that stat() calls empty and that reads as text: a
    # file that "grows" between the check before sending and the reading, with no race.
    status = "/proc/self/status"
    if not os.path.isfile(status) or os.path.getsize(status) != 0:
        pytest.skip("needs Linux's /proc")
    drive = _drive(client)
    first = _file(tmp_path, "a.txt").source
    assert isinstance(first, FileSource)
    parts = [
        Part("files", first, "a.txt", "text/plain"),
        Part("files", FileSource(status, 0), "status"),
        Part("path", b"/"),
    ]
    encoded = encode(parts, "mosaia-test-boundary-0123456789")
    assert isinstance(encoded, Encoded)
    request = _announce(drive, _file(tmp_path, "a.txt")).request
    body = msgspec.structs.replace(request, body=encoded.body, content_type=encoded.content_type)
    call = Call.bare(body, UploadStart)

    result = client.run(call)

    assert isinstance(result, Failure)
    assert result.failure().code == "source_changed"
    assert "grew while it was being sent" in result.failure().message
    deadline = time.monotonic() + 5
    while not sim.forms and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [form.problem is not None for form in sim.forms] == [True]  # cut short, refused
    assert _job_sizes(sim) == {}


def test_the_chunk_reader_sends_exactly_the_declared_size_or_fails(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * (MB + 5))
    seen: list[int] = []
    assert b"".join(file_chunks(str(path), MB + 5, seen.append)) == b"x" * (MB + 5)
    assert seen == [MB, 5]
    with pytest.raises(SourceChanged, match="shrank"):
        list(file_chunks(str(path), MB + 6))
    with pytest.raises(SourceChanged, match="grew"):
        list(file_chunks(str(path), MB + 4))
    with pytest.raises(SourceChanged, match="grew"):
        list(file_chunks(str(path), 0))
    with pytest.raises(SourceChanged, match="cannot be read"):
        list(file_chunks(str(tmp_path / "none"), 1))
    failure = connection_failure(SourceChanged("file 'f' shrank"), "http://h/v1/x?token=t")
    assert failure == TransportError(
        message="request body not sent: file 'f' shrank",
        code="source_changed",
        url="http://h/v1/x?token=%2A%2A%2A",
        sent=False,
    )
    assert failure.code in PERMANENT_FAULTS


def test_every_attempt_sends_the_files_whole_again(sim: Simulator, tmp_path: Path) -> None:
    policy = RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.001)
    with SimulatorServer(sim) as server:
        client = Mosaia(server.config(retry=policy))
        drive = _drive(client)
        sim.faults = Faults(statuses={("POST", "/drive/*/item"): 429})
        sent: list[int] = []
        with reporting_sent(sent.append):
            result = client.run(_announce(drive, _file(tmp_path, "big.bin", os.urandom(2 * MB))))
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), RateLimitError)
    assert [[p.size for p in f.parts if p.name == "files"] for f in sim.forms] == [[2 * MB]] * 3
    # Progress counts each attempt from its start, a megabyte at a time.
    assert sent == [MB, 2 * MB] * 3


def test_a_progress_hook_that_raises_does_not_fail_the_announce(
    client: Mosaia, tmp_path: Path
) -> None:
    def broken(sent: int) -> None:
        raise RuntimeError(f"hook broke at {sent}")

    with reporting_sent(broken):
        result = client.run(_announce(_drive(client), _file(tmp_path, "a.bin", b"x" * MB)))
    assert isinstance(result, Success)


def test_a_streamed_request_never_shows_a_files_bytes(
    client: Mosaia,
    server: SimulatorServer,
    sim: Simulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    drive = _drive(client)
    call = _announce(drive, _file(tmp_path, "a.txt"), _file(tmp_path, "b.txt"))
    prepared = prepare(call, client.config).unwrap()
    secret = b"TOP-SECRET".decode()
    logged = Mosaia(client.config, LoggingExecutor(client.executor))
    with caplog.at_level(logging.DEBUG, logger="mosaia"):
        assert isinstance(logged.run(call), Success)
    (tmp_path / "b.txt").unlink()
    failed = client.run(call)
    cassette = tmp_path / "announce.jsonl"
    with Recorder(client.executor, cassette) as recorder:
        Mosaia(client.config, recorder).run(_announce(drive, _file(tmp_path, "c.txt")))

    shown = [
        repr(call),
        repr(call.request),
        repr(prepared),
        to_curl(call, client.config),
        caplog.text,
        repr(failed),
        cassette.read_text(),
    ]
    for text in shown:
        assert secret not in text
    assert "<streamed " in repr(prepared)
    assert "from files: a.txt (77824 bytes), b.txt (77824 bytes)>" in caplog.text
    assert '"files":[{"path":' in cassette.read_text()
    with Player(cassette) as player:  # the files are only referenced: a replay needs none
        (tmp_path / "c.txt").unlink()
        replayed = Mosaia(client.config, player).run(_announce(drive, _file(tmp_path, "c.txt")))
    assert isinstance(replayed, Success)


def test_the_curl_command_sends_the_same_form(
    client: Mosaia, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    odd = _file(tmp_path, "odd; name,1.txt", b"odd bytes")
    call = _announce(drive, _file(tmp_path, "a.txt"), odd)

    shown = to_curl(call, client.config)
    command = to_curl(call, client.config, redact=False)

    assert f'-F \'files=@"{tmp_path}/a.txt";type=text/plain;filename="a.txt"\'' in shown
    assert "--form-string path=/" in shown
    assert "boundary" not in shown  # curl writes the form's type and boundary itself
    assert "Bearer ***" in shown
    assert sim.api_key not in shown
    run = subprocess.run(  # noqa: S602 - the command is the one under test
        command, shell=True, capture_output=True, timeout=30, check=False
    )
    assert run.returncode == 0, run.stderr
    assert _job_sizes(sim) == {"a.txt": len(CONTENT), "odd; name,1.txt": 9}


def test_a_stored_streamed_call_round_trips_and_runs_in_a_batch(
    client: Mosaia, sim: Simulator, tmp_path: Path
) -> None:
    drive = _drive(client)
    call = _announce(drive, _file(tmp_path, "a.txt"))
    stored = tmp_path / "calls.jsonl"
    stored.write_bytes(msgspec.json.encode(call) + b"\n")

    (read,) = read_calls(str(stored))  # as `mosaia run CALLS.jsonl` reads them
    decoded: Any = msgspec.msgpack.decode(msgspec.msgpack.encode(call), type=Call[Any])

    assert read == decoded == pickle.loads(pickle.dumps(call)) == call  # noqa: S301
    assert isinstance(read.request.body, Streamed)
    results = run_many([read, read], client.config, client.executor, concurrency=2)
    assert all(isinstance(r, Success) for r in results)
    jobs = sim.collection("/drive/{drive}/upload").docs.values()
    assert [job["size"] for job in jobs] == [len(CONTENT)] * 2


class _Seen:
    """An executor that notes each request's limits and sends it on."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.timeouts: list[tuple[str, Timeout]] = []

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        self.timeouts.append((request.url, request.timeout))
        return self.inner.send(request)


def test_an_announce_is_given_time_for_the_bytes_it_carries(client: Mosaia, tmp_path: Path) -> None:
    # The deadline of one JSON answer would cut a big file off on a slow link; the announce's
    # grows with its bytes, and stays finite.
    drive = _drive(client)
    big = tmp_path / "big.bin"
    with open(big, "wb") as out:
        out.truncate(8 * MB)
    seen = _Seen(client.executor)

    done = files.upload(Mosaia(client.config, seen), drive, [big])

    assert isinstance(done[0], Success)
    announce = [limits for url, limits in seen.timeouts if url.endswith(f"/drive/{drive}/item")]
    default = Timeout.of(client.config.timeout).total_seconds
    assert [limits.total for limits in announce] == [default + 8 * MB / SLOWEST_UPLINK]
    assert announce_timeout(client.config, 0).total == default

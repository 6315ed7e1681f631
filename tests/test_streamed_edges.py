"""A form carrying files is sent exactly as it says, or not at all: its length is what it sends,
a file value that names no file, or a source that is not bytes is refused before a
byte goes out, never raised; the bytes go to the socket in pieces a slow uplink can take within
the write timeout; and no repr, log line or curl command shows what a form's parts carry."""

from __future__ import annotations

import logging
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure

from mosaia import Mosaia
from mosaia._redact import redact_json
from mosaia.api import uploads
from mosaia.config import prepare
from mosaia.curl import to_curl
from mosaia.errors import TransportError
from mosaia.executors import LoggingExecutor, Urllib3Executor
from mosaia.executors._bodies import SEND_PIECE, file_chunks, streamed_chunks
from mosaia.http import FileSource, HttpRequest, Streamed
from mosaia.request import Request
from mosaia.testing import Simulator, SimulatorServer

SECRET = b"SECRET-CONTENT-OF-A-FILE"


def _drive(client: Mosaia) -> str:
    drive = client.drives.create(name="edges").unwrap()
    assert drive.id
    return drive.id


@given(
    pieces=st.lists(
        st.one_of(st.binary(max_size=64), st.integers(min_value=0, max_value=3000)), max_size=6
    )
)
def test_a_streamed_bodys_length_is_exactly_the_bytes_it_sends(
    pieces: list[bytes | int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    # It goes out as the Content-Length: a body longer than it says would be read as the next
    # request on a kept-alive connection. The length is derived, so it cannot disagree.
    folder = tmp_path_factory.mktemp("parts")
    segments: list[bytes | FileSource] = []
    for n, piece in enumerate(pieces):
        if isinstance(piece, int):
            path = folder / f"f{n}"
            path.write_bytes(b"z" * piece)
            segments.append(FileSource(str(path), piece))
        else:
            segments.append(piece)
    body = Streamed(tuple(segments))
    assert body.length == len(b"".join(streamed_chunks(body)))
    request = Request("POST", "/drive/d1/item", body=body, content_type="text/plain")
    call = uploads.announce("d1", [uploads.Announced("a.txt", 1, source=b"x")])
    prepared = prepare(msgspec.structs.replace(call, request=request), Simulator().config())
    assert prepared.unwrap().body == body


@pytest.mark.parametrize(
    "body",
    [
        Streamed((FileSource("/x", -1),)),
        Streamed((FileSource(None, 1),)),  # type: ignore[arg-type]
        Streamed((FileSource("", 1),)),
        Streamed((FileSource("/x\0y", 1),)),
        Streamed((42,)),  # type: ignore[arg-type]
        Streamed(None),  # type: ignore[arg-type]
    ],
)
def test_an_executor_refuses_a_hand_built_body_that_cannot_be_sent_as_it_says(
    body: Streamed,
) -> None:
    request = HttpRequest("POST", "http://127.0.0.1:9/x", body=body)
    refused = Urllib3Executor().send(request)
    assert isinstance(refused, Failure)
    assert isinstance(refused.failure(), TransportError)
    assert refused.failure().sent is False
    assert repr(request).startswith("HttpRequest(")  # and its repr does not raise either


@pytest.mark.parametrize("source", ["abc", 5, [1, 2, 3], {"a": 1}])
def test_a_source_that_is_not_bytes_or_a_file_is_a_caller_mistake(source: object) -> None:
    announced = uploads.Announced("a.txt", 3, source=source)  # type: ignore[arg-type]
    call = uploads.announce("d1", [announced])
    assert call.problem is not None
    assert "source must be bytes or a FileSource" in call.problem


@pytest.mark.parametrize("size", ["3", 2.5, True, -1, None])
def test_a_size_that_is_not_a_byte_count_is_a_caller_mistake(size: object) -> None:
    announced = uploads.Announced("a.txt", size, source=b"abc")  # type: ignore[arg-type]
    problem = uploads.announce("d1", [announced]).problem
    assert problem is not None
    assert "size must be a whole number of bytes" in problem


def test_a_forms_parts_are_shown_by_name_and_size_never_by_content(
    client: Mosaia, caplog: pytest.LogCaptureFixture
) -> None:
    drive = _drive(client)
    announced = uploads.Announced("a.txt", len(SECRET), "text/plain", source=SECRET)
    call = uploads.announce(drive, [announced])
    logged = Mosaia(client.config, LoggingExecutor(client.executor))
    with caplog.at_level(logging.DEBUG, logger="mosaia"):
        logged.run(call).unwrap()

    shown = [repr(announced), repr(call), repr(prepare(call, client.config).unwrap())]
    shown += [to_curl(call, client.config), caplog.text]
    assert not any(SECRET.decode() in text for text in shown)
    assert f"files=a.txt ({len(SECRET)} bytes)" in repr(call)
    assert "pipe the body to stdin" in to_curl(call, client.config)


def test_a_presigned_urls_signature_is_masked_in_a_logged_answer() -> None:
    answer = {"files": [{"presigned_url": "https://s.test/k?X-Amz-Signature=abc&X-Amz-Date=1"}]}
    shown = redact_json(answer)["files"][0]["presigned_url"]
    assert "abc" not in shown
    assert shown.endswith("X-Amz-Date=1")


def test_a_files_bytes_go_to_the_socket_in_pieces_a_slow_uplink_can_take(tmp_path: Path) -> None:
    # While a body is sent, each write is held to the connect timeout: a megabyte at a time
    # would not fit a slow link's; progress is told once a chunk has gone out.
    path = tmp_path / "f.bin"
    path.write_bytes(b"y" * (1024 * 1024 + 7))
    heard: list[int] = []
    pieces = []
    for piece in file_chunks(str(path), 1024 * 1024 + 7, heard.append):
        pieces.append(len(piece))
        assert sum(heard) <= sum(pieces) - len(piece)  # told only of what already went out
    assert max(pieces) == SEND_PIECE
    assert sum(pieces) == 1024 * 1024 + 7
    assert heard == [1024 * 1024, 7]


def test_the_simulator_answers_a_form_whose_part_headers_it_cannot_read_with_400(
    sim: Simulator,
) -> None:
    body = b"--b\r\nContent-Disposition: form-data; name*0*\r\n\r\nx\r\n--b--\r\n"
    with SimulatorServer(sim) as server:
        client = Mosaia(server.config())
        drive = _drive(client)
        call = uploads.announce(drive, [uploads.Announced("a.txt", 1, source=b"x")])
        request = msgspec.structs.replace(
            call.request, body=body, content_type="multipart/form-data; boundary=b"
        )
        answer = client.run(msgspec.structs.replace(call, request=request))
    assert answer.failure().status == 400  # type: ignore[union-attr]

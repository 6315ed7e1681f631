"""Multipart bodies are pure values: any parts round-trip through the standard library's e-mail
parser, the same parts always encode the same, and upload builders refuse what cannot be sent.
A part may be a file on disk: the form is then a streamed body that reads back to exactly the
bytes the same parts give inline."""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import itertools
import os
import tempfile
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from mosaia.api import agents, apps, organizations, tools, uploads, users
from mosaia.executors._bodies import streamed_chunks
from mosaia.multipart import (
    Encoded,
    FileSource,
    Part,
    Streamed,
    derive_boundary,
    encode,
    part_problem,
    parts_of,
)

# The standard library's parser unescapes a backslash once more after RFC 2231 decoding
# (`name*=utf-8''%5C` reads as a broken quoted string), so backslashes are checked on the
# encoded bytes below instead of through it.
_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\0\\"), min_size=1
)
_TYPES = st.sampled_from(["text/plain", "image/png", "application/octet-stream", "a/b+json"])
_PARTS = st.lists(
    st.builds(
        Part,
        name=_TEXT,
        data=st.binary(max_size=300),
        filename=st.none() | _TEXT,
        content_type=st.none() | _TYPES,
    ),
    min_size=1,
    max_size=6,
)


def read_back(body: bytes | Streamed) -> bytes:
    """The bytes ``body`` sends: a streamed one read through the executors' own reader."""
    return body if isinstance(body, bytes) else b"".join(streamed_chunks(body))


def parsed(encoded: Encoded) -> list[tuple[str, str | None, str, bytes]]:
    head = f"Content-Type: {encoded.content_type}\r\n\r\n".encode("ascii")
    body = read_back(encoded.body)
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    out = []
    for part in message.iter_parts():
        raw_name = part.get_param("name", header="content-disposition")
        assert raw_name is not None
        name = email.utils.collapse_rfc2231_value(raw_name)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        # get_filename() strips edge whitespace; the parameter itself keeps the name whole.
        raw = part.get_param("filename", header="content-disposition")
        filename = None if raw is None else str(email.utils.collapse_rfc2231_value(raw))
        out.append((str(name), filename, part.get_content_type(), payload))
    return out


@given(_PARTS)
def test_any_parts_round_trip_through_the_email_parser(parts: list[Part]) -> None:
    encoded = encode(parts)
    assert isinstance(encoded, Encoded)
    expected = [
        (
            p.name,
            p.filename,
            p.content_type
            or ("application/octet-stream" if p.filename is not None else "text/plain"),
            p.data,
        )
        for p in parts
    ]
    assert parsed(encoded) == expected


@given(_PARTS)
def test_the_same_parts_encode_the_same_bytes(parts: list[Part]) -> None:
    assert encode(parts) == encode(list(parts))
    given_boundary = encode(parts, boundary="fixed-boundary")
    assert isinstance(given_boundary, Encoded)
    assert given_boundary.content_type == "multipart/form-data; boundary=fixed-boundary"


def test_bytes_only_forms_encode_exactly_as_before_files_could_be_parts() -> None:
    # Pinned from the encoder as it was before FileSource: same bytes, same derived boundary.
    encoded = encode([Part("file", b"PNG...", "a.png", "image/png"), Part("path", b"/in")])
    boundary = "mosaia-bcfca61408bdabaec48a54d495a8068f92a5c773"
    delimiter = b"--" + boundary.encode()
    assert encoded == Encoded(
        delimiter + b'\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\nPNG...\r\n"
        + delimiter
        + b'\r\nContent-Disposition: form-data; name="path"\r\n\r\n/in\r\n'
        + delimiter
        + b"--\r\n",
        f"multipart/form-data; boundary={boundary}",
        boundary,
    )


_BOUNDARY = "mosaia-test-0123456789abcdef"


@given(_PARTS, st.lists(st.booleans(), min_size=6, max_size=6))
def test_parts_on_disk_stream_back_to_exactly_the_inline_bytes(
    parts: list[Part], on_disk: list[bool]
) -> None:
    delimiter = b"--" + _BOUNDARY.encode()
    assume(all(delimiter not in bytes(p.data) for p in parts if not isinstance(p.data, FileSource)))
    inline = encode(parts, _BOUNDARY)
    assert isinstance(inline, Encoded)
    assert isinstance(inline.body, bytes)
    with tempfile.TemporaryDirectory() as folder:
        mixed = []
        for n, (part, disk) in enumerate(zip(parts, on_disk, strict=False)):
            data = part.data
            if disk and isinstance(data, bytes):
                path = os.path.join(folder, f"part{n}")
                with open(path, "wb") as out:
                    out.write(data)
                part = Part(
                    part.name, FileSource(path, len(data)), part.filename, part.content_type
                )
            mixed.append(part)
        streamed = encode(mixed, _BOUNDARY)
        assert isinstance(streamed, Encoded)
        assert streamed.content_type == inline.content_type
        body = streamed.body
        if not any(isinstance(p.data, FileSource) for p in mixed):
            assert body == inline.body
            return
        assert isinstance(body, Streamed)
        assert body.length == len(inline.body)
        assert read_back(body) == inline.body
        # Inline bytes are coalesced: no two inline segments are neighbours.
        kinds = [isinstance(s, bytes) for s in body.segments]
        assert all(not (a and b) for a, b in itertools.pairwise(kinds))
        assert parsed(streamed) == parsed(inline)
        # The form's fields read back without opening a file.
        expected = [as_read_back(p) for p in mixed]
        assert parts_of(body, _BOUNDARY) == expected
        # Deterministic with no boundary given, and the files never read for it.
        assert encode(mixed) == encode(list(mixed))
        assert derive_boundary(mixed) != derive_boundary(parts)


def as_read_back(part: Part) -> Part:
    """``part`` as :func:`parts_of` gives it back: bytes for a bytearray, and the type written
    for a file part without one."""
    data = part.data if isinstance(part.data, FileSource) else bytes(part.data)
    kind = part.content_type
    if kind is None and part.filename is not None:
        kind = "application/octet-stream"
    return Part(part.name, data, part.filename, kind)


def test_a_file_part_must_name_a_path_and_a_size() -> None:
    def problem(source: FileSource) -> str | None:
        return part_problem(Part("files", source, "a.bin"))

    assert problem(FileSource("/data/a.bin", 0)) is None
    assert "non-empty string" in str(problem(FileSource("", 3)))
    assert "NUL" in str(problem(FileSource("/data/a\0b", 3)))
    assert "size" in str(problem(FileSource("/data/a", -1)))
    assert "size" in str(problem(FileSource("/data/a", True)))
    assert "size" in str(problem(FileSource("/data/a", 2**64)))
    assert "size" in str(problem(FileSource("/data/a", "3")))  # type: ignore[arg-type]
    assert "bytes or a FileSource" in str(part_problem(Part("f", "text")))  # type: ignore[arg-type]
    assert isinstance(encode([Part("files", FileSource("", 1))]), str)


def test_a_streamed_form_knows_its_length_without_its_file_existing() -> None:
    source = FileSource("/data/not-here/plans.pdf", 2_000_000)
    encoded = encode([Part("files", source, "plans.pdf"), Part("path", b"/in")], "b0")
    assert isinstance(encoded, Encoded)
    body = encoded.body
    assert isinstance(body, Streamed)
    assert body.length == 2_000_000 + len(body.inline)
    assert repr(body) == f"<streamed {body.length} bytes from files: plans.pdf (2000000 bytes)>"
    assert parts_of(body, "other") is None
    assert parts_of(b"not a form", "b0") is None


def test_quotes_and_backslashes_travel_percent_encoded() -> None:
    encoded = encode([Part('a\\"b', b"", filename="c\\d")], boundary="b0")
    assert isinstance(encoded, Encoded)
    assert isinstance(encoded.body, bytes)
    assert b"name*=utf-8''a%5C%22b; filename*=utf-8''c%5Cd\r\n" in encoded.body


def test_a_boundary_inside_a_part_or_a_header_breaking_text_is_refused() -> None:
    assert encode([Part("f", b"x--b0y")], boundary="b0") == (
        "boundary 'b0' occurs inside a part; choose another"
    )
    assert "CR, LF or NUL" in str(encode([Part("f", b"", filename="a\r\nX-Evil: 1")]))
    assert "not type/subtype" in str(encode([Part("f", b"", content_type="text/plain\r\n")]))
    assert "not a valid multipart boundary" in str(encode([Part("f", b"")], boundary="a b "))


def test_image_upload_posts_one_file_part_to_each_entitys_route() -> None:
    routes = {
        agents: "/agent/x1/image/upload",
        apps: "/app/x1/image/upload",
        tools: "/tool/x1/image/upload",
        users: "/user/x1/profile/image/upload",
        organizations: "/org/x1/profile/image/upload",
    }
    for module, path in routes.items():
        call = module.upload_image("x1", b"\x89PNG", "me.png", "image/png")
        assert call.problem is None
        assert (call.request.method, call.request.path, call.shape) == ("POST", path, "bare")
        content_type = call.request.content_type or ""
        assert content_type.startswith("multipart/form-data; boundary=")
        encoded = Encoded(call.request.body or b"", content_type, "")
        assert parsed(encoded) == [("file", "me.png", "image/png", b"\x89PNG")]


def test_image_upload_without_bytes_or_name_is_invalid() -> None:
    assert agents.upload_image("a1", b"", "a.png").problem == "image data must be non-empty bytes"
    assert users.upload_image("u1", b"x", "").problem == (
        "image filename must be a non-empty string"
    )
    assert agents.upload_image("", b"x", "a.png").problem is not None


def test_announce_carries_each_files_bytes_drops_empty_files_and_names_each_field(
    tmp_path: Path,
) -> None:
    (tmp_path / "b.bin").write_bytes(b"123456789")
    files = [
        uploads.Announced("a.txt", 3, "text/plain", "docs/a.txt", b"abc"),
        uploads.Announced("empty", 0, source=b""),
        uploads.Announced("b.bin", 9, source=FileSource(str(tmp_path / "b.bin"), 9)),
    ]
    call = uploads.announce("d1", files, path="/in", preserve_structure=True)
    assert call.problem is None
    assert call.request.path == "/drive/d1/item"
    body = call.request.body
    assert isinstance(body, Streamed)
    assert body.files == (FileSource(str(tmp_path / "b.bin"), 9),)
    encoded = Encoded(body, call.request.content_type or "", "")
    assert parsed(encoded) == [
        ("files", "a.txt", "text/plain", b"abc"),
        ("files", "b.bin", "application/octet-stream", b"123456789"),
        ("path", None, "text/plain", b"/in"),
        ("relativePaths", None, "text/plain", b'["docs/a.txt","b.bin"]'),
        ("preserveStructure", None, "text/plain", b"true"),
    ]
    assert call == uploads.announce("d1", files, path="/in", preserve_structure=True)
    in_memory = uploads.announce("d1", files[:1], boundary="b0")
    assert isinstance(in_memory.request.body, bytes)
    assert b"\r\n\r\nabc\r\n--b0" in in_memory.request.body
    nothing = uploads.announce("d1", [uploads.Announced("e", 0)])
    assert nothing.problem == "no files to upload (empty files are not announced)"
    assert uploads.announce("d1", files, path="relative").problem is not None


def test_announcing_a_file_without_its_bytes_or_with_other_bytes_is_a_mistake() -> None:
    bare = uploads.announce("d1", [uploads.Announced("a.txt", 3)])
    assert bare.problem == "file 'a.txt' has no source: the announce carries each file's bytes"
    short = uploads.announce("d1", [uploads.Announced("a.txt", 3, source=b"ab")])
    assert short.problem == "file 'a.txt' is announced as 3 bytes but its source has 2"
    moved = uploads.Announced("b", 4, source=FileSource("/x/b", 5))
    assert uploads.announce("d1", [moved]).problem == (
        "file 'b' is announced as 4 bytes but its source has 5"
    )
    assert "NUL" in str(
        uploads.announce("d1", [uploads.Announced("c", 1, source=FileSource("/x\0", 1))]).problem
    )


def test_job_urls_lose_their_version_prefix_and_must_name_a_job() -> None:
    failed = uploads.mark_failed("https://api.mosaia.ai/v1/drive/d1/upload/j1/failed", "boom")
    assert (failed.request.path, failed.request.body) == (
        "/drive/d1/upload/j1/failed",
        b'{"error":"boom"}',
    )
    assert uploads.job_status("/v1/drive/d1/upload/j1").request.path == "/drive/d1/upload/j1"
    assert uploads.mark_failed("/v1/drive/d1/upload/j1").problem is not None
    assert uploads.job_status("/v1/agent/a1").problem is not None
    download = uploads.download("d1", "i1", expires_in=60).request
    assert (download.path, download.query) == (
        "/drive/d1/item/i1/download",
        (("expires_in", "60"),),
    )

"""Multipart bodies are pure values: any parts round-trip through the standard library's e-mail
parser, the same parts always encode the same, and upload builders refuse what cannot be sent."""

from __future__ import annotations

import email.parser
import email.policy
import email.utils

from hypothesis import given
from hypothesis import strategies as st

from mosaia.api import agents, apps, organizations, tools, uploads, users
from mosaia.multipart import Encoded, Part, encode

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


def parsed(encoded: Encoded) -> list[tuple[str, str | None, str, bytes]]:
    head = f"Content-Type: {encoded.content_type}\r\n\r\n".encode("ascii")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + encoded.body)
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


def test_quotes_and_backslashes_travel_percent_encoded() -> None:
    encoded = encode([Part('a\\"b', b"", filename="c\\d")], boundary="b0")
    assert isinstance(encoded, Encoded)
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
        body = call.request.body or b""
        encoded = Encoded(body, content_type, "")
        assert parsed(encoded) == [("file", "me.png", "image/png", b"\x89PNG")]


def test_image_upload_without_bytes_or_name_is_invalid() -> None:
    assert agents.upload_image("a1", b"", "a.png").problem == "image data must be non-empty bytes"
    assert users.upload_image("u1", b"x", "").problem == (
        "image filename must be a non-empty string"
    )
    assert agents.upload_image("", b"x", "a.png").problem is not None


def test_announce_drops_empty_files_and_names_each_field() -> None:
    files = [
        uploads.Announced("a.txt", 3, "text/plain", "docs/a.txt"),
        uploads.Announced("empty", 0),
        uploads.Announced("b.bin", 9),
    ]
    call = uploads.announce("d1", files, path="/in", preserve_structure=True)
    assert call.problem is None
    assert call.request.path == "/drive/d1/item"
    encoded = Encoded(call.request.body or b"", call.request.content_type or "", "")
    assert parsed(encoded) == [
        ("files", "a.txt", "text/plain", b""),
        ("files", "b.bin", "application/octet-stream", b""),
        ("path", None, "text/plain", b"/in"),
        ("relativePaths", None, "text/plain", b'["docs/a.txt","b.bin"]'),
        ("preserveStructure", None, "text/plain", b"true"),
        ("sizes", None, "text/plain", b"[3,9]"),
    ]
    nothing = uploads.announce("d1", [uploads.Announced("e", 0)])
    assert nothing.problem == "no files to upload (empty files are not announced)"
    assert uploads.announce("d1", files, path="relative").problem is not None


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

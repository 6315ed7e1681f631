"""What tests read of a request's body: the bytes of one sent from memory (every body but a
form streaming files from disk, which the upload tests read through its parts)."""

from __future__ import annotations

from mosaia.http import Streamed


def sent_bytes(body: bytes | Streamed | None) -> bytes:
    """``body`` as bytes (``b""`` for none); a streamed body here is the test's mistake."""
    assert not isinstance(body, Streamed), f"expected an in-memory body, got {body!r}"
    return body or b""

"""The small values entities are made of: ids, names, texts, URLs, timestamps, JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from hypothesis import strategies as st

#: Text as the API can carry it: any Unicode except lone surrogates, which JSON cannot encode.
_CHARS = st.characters(codec="utf-8")


def texts(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text a JSON string can hold (emoji, right-to-left, control characters included)."""
    return st.text(_CHARS, min_size=min_size, max_size=max_size)


def query_texts(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text fit for a query value: anything but NUL, which the SDK refuses to send."""
    chars = st.characters(codec="utf-8", exclude_characters="\0")
    return st.text(chars, min_size=min_size, max_size=max_size)


def object_ids() -> st.SearchStrategy[str]:
    """24 lowercase hex digits: the shape of the live API's MongoDB ids."""
    return st.text("0123456789abcdef", min_size=24, max_size=24)


def segments() -> st.SearchStrategy[str]:
    """Any id the SDK accepts as a path segment: never empty, ``.`` or ``..``, never CR, LF or
    NUL; slashes, ``%``, ``?``, spaces and any Unicode included (they are percent-encoded)."""
    chars = st.characters(codec="utf-8", exclude_characters="\r\n\0")
    return st.text(chars, min_size=1, max_size=30).filter(lambda s: s not in (".", ".."))


def ids() -> st.SearchStrategy[str]:
    """An id as code meets them: mostly ObjectId-shaped, sometimes any valid path segment."""
    return st.one_of(object_ids(), object_ids(), segments())


def names() -> st.SearchStrategy[str]:
    """A display name: usually readable words, sometimes any non-empty text."""
    words = st.sampled_from(
        ["Support", "Research", "Sales", "Helpdesk", "Acme", "Nova", "Atlas", "Echo", "Ops"]
    )
    readable = st.lists(words, min_size=1, max_size=3).map(" ".join)
    return st.one_of(readable, texts(min_size=1, max_size=30))


def emails() -> st.SearchStrategy[str]:
    """An email address (RFC 5322 addr-spec, as hypothesis generates them)."""
    return st.emails()


def urls() -> st.SearchStrategy[str]:
    """An ``https`` URL."""
    host = st.from_regex(r"[a-z][a-z0-9-]{0,12}\.(test|example|mosaia\.ai)", fullmatch=True)
    path = st.from_regex(r"(/[a-zA-Z0-9._~-]{1,10}){0,3}", fullmatch=True)
    return st.builds(lambda h, p: f"https://{h}{p}", host, path)


_EPOCH_2000 = 946_684_800
_EPOCH_2100 = 4_102_444_800


def epoch_seconds() -> st.SearchStrategy[int]:
    """A moment between 2000 and 2100 as epoch seconds."""
    return st.integers(_EPOCH_2000, _EPOCH_2100)


def timestamps() -> st.SearchStrategy[str]:
    """An ISO-8601 UTC timestamp, as entities carry ``created_at`` and ``updated_at``."""
    return epoch_seconds().map(
        lambda s: datetime.fromtimestamp(s, UTC).isoformat().replace("+00:00", "Z")
    )


def epoch_millis() -> st.SearchStrategy[str | int]:
    """Epoch milliseconds as session ``exp``/``iat`` carry them: numeric strings (as the API
    sends them) or numbers."""
    millis = epoch_seconds().map(lambda s: s * 1000)
    return st.one_of(millis.map(str), millis)


def tokens() -> st.SearchStrategy[str]:
    """An opaque bearer or refresh token."""
    return st.text(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", min_size=16
    ).map(lambda s: s[:64])


def numbers() -> st.SearchStrategy[float]:
    """A finite float (JSON has no NaN or infinity)."""
    return st.floats(allow_nan=False, allow_infinity=False)


def json_values(max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Any JSON document as Python builtins (what ``Any``-typed fields decode to)."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-(2**53), 2**53), numbers(), texts(max_size=20)
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(texts(max_size=10), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


def json_schemas() -> st.SearchStrategy[str]:
    """A JSON Schema of an object, encoded as a string (what ``Tool.tool_schema`` holds)."""
    kinds = st.sampled_from(["string", "number", "integer", "boolean"])
    props = st.dictionaries(
        st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True),
        kinds.map(lambda k: {"type": k}),
        max_size=4,
    )
    return props.map(lambda p: msgspec.json.encode({"type": "object", "properties": p}).decode())

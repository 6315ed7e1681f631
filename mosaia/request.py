"""Requests as values.

A :class:`Request` says what to send (method, relative path, query, headers, body); a
:class:`Call` adds how to read the answer. Both are frozen msgspec Structs: hashable, comparable,
and encodable to JSON or MessagePack and back to an equal value, so a prepared batch can be stored,
shipped to another process, or replayed. Nothing here knows a base URL or a secret: those are
joined in by :func:`mosaia.prepare.prepare`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Literal, TypeVar

import msgspec

T = TypeVar("T")

Pairs = tuple[tuple[str, str], ...]

#: How the answer's body is read. ``one``: ``{"data": entity}``; ``page``: ``{"data": [...],
#: "paging": {...}}`` into a :class:`~mosaia.types.Page`; ``first``: a page whose first item (or
#: ``None``) is the value; ``none``: any 2xx is success with no value; ``bare``: the entity either
#: bare (as OpenAI-style endpoints answer) or inside ``{"data": ...}``.
Shape = Literal["one", "page", "first", "none", "bare"]


class Timeout(msgspec.Struct, frozen=True):
    """Connect and read timeouts in seconds; both finite, because a hang is worse than a failure."""

    connect: float = 10.0
    read: float = 60.0

    @classmethod
    def of(cls, value: float | Timeout) -> Timeout:
        """A :class:`Timeout` from seconds (used for both phases) or an existing value."""
        return value if isinstance(value, Timeout) else cls(float(value), float(value))


class Request(msgspec.Struct, frozen=True):
    """What to send: an HTTP method, a path relative to ``{base_url}/v{version}``, query pairs
    (unencoded), extra headers, and body bytes. Carries no secret; see :func:`mosaia.prepare`."""

    method: str
    path: str
    query: Pairs = ()
    headers: Pairs = ()
    body: bytes | None = None
    content_type: str | None = None
    #: ``False`` for endpoints that must not receive the API key (OAuth token exchange).
    auth: bool = True
    #: Overrides the config's timeout for this request only.
    timeout: Timeout | None = None


class Call(msgspec.Struct, Generic[T], frozen=True):
    """A :class:`Request` plus how its answer decodes: the value type ``T`` flows to
    ``client.run(call)``, which returns ``Result[T, MosaiaError]``.

    ``type`` names the decoded item type as ``"module:QualName"`` so the value stays serializable;
    ``problem`` is set when the builder saw a caller mistake (an empty id, a body that does not
    encode): running such a call fails with ``InvalidRequest`` and sends nothing.
    """

    request: Request
    shape: Shape
    type: str
    problem: str | None = None

    def with_query(self, **params: Any) -> Call[T]:
        """This call with more query parameters, encoded as the API expects."""
        pairs = query_pairs(params)
        if isinstance(pairs, str):
            return msgspec.structs.replace(self, problem=self.problem or pairs)
        request = msgspec.structs.replace(self.request, query=self.request.query + pairs)
        return msgspec.structs.replace(self, request=request)

    def with_header(self, name: str, value: str) -> Call[T]:
        """This call with one more header; a name or value that could split the header block
        (CR, LF, NUL) marks the call invalid instead of being sent."""
        problem = header_problem(name, value)
        if problem is not None:
            return msgspec.structs.replace(self, problem=self.problem or problem)
        request = msgspec.structs.replace(
            self.request, headers=(*self.request.headers, (name, value))
        )
        return msgspec.structs.replace(self, request=request)

    def with_idempotency_key(self, key: str) -> Call[T]:
        """This call marked safe to retry: the server deduplicates on ``Idempotency-Key``, so the
        retry policy may resend it even when it is a POST."""
        if not key:
            return msgspec.structs.replace(self, problem=self.problem or "empty idempotency key")
        return self.with_header("Idempotency-Key", key)

    def with_timeout(self, timeout: float | Timeout) -> Call[T]:
        """This call with its own connect/read timeout instead of the config's."""
        request = msgspec.structs.replace(self.request, timeout=Timeout.of(timeout))
        return msgspec.structs.replace(self, request=request)


# --- pure helpers the builders share ------------------------------------------------------


def header_problem(name: str, value: str) -> str | None:
    """Why a header cannot be sent as given, or ``None`` when it can."""
    for part, what in ((name, "name"), (value, "value")):
        if any(ch in part for ch in "\r\n\0"):
            return f"header {what} for {name!r} contains CR, LF or NUL"
    if not name:
        return "empty header name"
    return None


def segment_problem(value: str, what: str = "id") -> str | None:
    """Why ``value`` cannot stand as one path segment, or ``None`` when it can.

    Percent-encoding keeps any other string inside its segment; these few would still change
    which resource is addressed, or smuggle bytes into the request line."""
    if not isinstance(value, str):
        return f"{what} must be a string, got {type(value).__name__}"
    if value in ("", ".", ".."):
        return f"{what} must be a non-empty path segment, got {value!r}"
    if "\0" in value:
        return f"{what} contains a NUL character"
    return None


def query_pairs(params: Mapping[str, Any] | msgspec.Struct | None) -> Pairs | str:
    """Query parameters as ``(key, value)`` string pairs, or a message saying what is wrong.

    The API's rules: ``None`` dropped, booleans lowercase, numbers decimal, lists as repeated keys.
    """
    if params is None:
        return ()
    if isinstance(params, msgspec.Struct):
        params = msgspec.to_builtins(params)
    if not isinstance(params, Mapping):
        return f"query parameters must be a mapping, got {type(params).__name__}"
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else (value,)
        for item in values:
            text = _query_value(item)
            if text is None and item is not None:
                return f"query parameter {key!r} has unsupported type {type(item).__name__}"
            if text is not None:
                if any(ch in text or ch in str(key) for ch in "\0"):
                    return f"query parameter {key!r} contains NUL"
                pairs.append((str(key), text))
    return tuple(pairs)


def _query_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def encode_body(body: Any, fields: Mapping[str, Any]) -> bytes | str | None:
    """The JSON body for ``body`` (a Struct, a mapping, or ``None``) merged with keyword fields,
    keeping the caller's fields in the caller's order; ``None`` when there is nothing to send;
    a message (``str``) when it cannot be encoded."""
    if body is None:
        merged: dict[str, Any] = {}
    elif isinstance(body, msgspec.Struct):
        merged = msgspec.to_builtins(body)
    elif isinstance(body, Mapping):
        merged = dict(body)
    else:
        return f"body must be a mapping or a Struct, got {type(body).__name__}"
    merged.update(fields)
    if not merged:
        return None
    try:
        return msgspec.json.encode(merged)
    except (TypeError, ValueError, OverflowError) as exc:
        return f"body does not encode as JSON: {exc}"

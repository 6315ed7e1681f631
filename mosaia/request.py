"""Requests as values.

A :class:`Request` says what to send (method, relative path, query, headers, body); a
:class:`Call` adds how to read the answer. Both are frozen msgspec Structs: hashable, comparable,
and encodable to JSON or MessagePack and back to an equal value, so a prepared batch can be stored,
shipped to another process, or replayed. Nothing here knows a base URL or a secret: those are
joined in by :func:`mosaia.config.prepare`.
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from types import NoneType
from typing import Any, Generic, Literal, TypeVar

import msgspec

from mosaia._redact import MASK, is_secret_name, redact_headers
from mosaia._types.base import Folded, type_name
from mosaia._types.page import Page
from mosaia.http import Pairs, Streamed, Timeout, preview_body, timeout_problem

T = TypeVar("T")
E = TypeVar("E")
F = TypeVar("F", bound=Folded)

#: How the answer's body is read. ``one``: ``{"data": entity}``; ``page``: ``{"data": [...],
#: "paging": {...}}`` into a :class:`~mosaia._types.Page`; ``first``: a page whose first item (or
#: ``None``) is the value; ``none``: any 2xx is success with no value; ``bare``: the entity either
#: bare (as OpenAI-style endpoints answer) or inside ``{"data": ...}``; ``stream``: Server-Sent
#: Events, each one entity, read as they arrive (``client.stream``); ``folded``: Server-Sent
#: Events read whole and folded into one value (an answer that came as plain JSON reads as
#: ``bare``).
Shape = Literal["one", "page", "first", "none", "bare", "stream", "folded"]


class Request(msgspec.Struct, frozen=True):
    """What to send: an HTTP method, a path relative to ``{base_url}/v{version}``, query pairs
    (unencoded), extra headers, and the body: bytes, or a :class:`~mosaia.http.Streamed` one
    whose files are read from disk only as it is sent (a form announcing files). Never carries
    the API key (that joins in :func:`mosaia.config.prepare`); a body or query may hold
    credentials the caller passed (a sign-in password, a token to sign out), so the repr masks
    secret fields, and shows a streamed body as its length and files, never their bytes."""

    method: str
    path: str
    query: Pairs = ()
    headers: Pairs = ()
    body: bytes | Streamed | None = None
    content_type: str | None = None
    #: ``False`` for endpoints that must not receive the API key (OAuth token exchange).
    auth: bool = True
    #: Overrides the config's timeout for this request only.
    timeout: Timeout | None = None

    def __repr__(self) -> str:
        return "Request(" + ", ".join(f"{k}={v!r}" for k, v in self.__rich_repr__()) + ")"

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        body = None if self.body is None else preview_body(self.body, self.content_type, 200)
        return [
            ("method", self.method),
            ("path", self.path),
            ("query", tuple((k, MASK if is_secret_name(k) else v) for k, v in self.query)),
            ("headers", redact_headers(self.headers)),
            ("body", body),
            ("content_type", self.content_type),
            ("auth", self.auth),
            ("timeout", self.timeout),
        ]


class Call(msgspec.Struct, Generic[T], frozen=True):
    """A :class:`Request` plus how its answer decodes: the value type ``T`` flows to
    ``client.run(call)``, which returns ``Result[T, MosaiaError]``.

    Made by the typed constructors (:meth:`one`, :meth:`page`, :meth:`first`, :meth:`nothing`,
    :meth:`bare`, :meth:`stream`, :meth:`folded`), so the answer type a call declares and ``T``
    cannot disagree. ``type`` names the decoded item type by its registry name (``"Agent"``, see
    :func:`mosaia._types.base.resolve_type`) so the value stays serializable; ``problem`` is set
    when the builder saw a caller mistake (an empty id, a body that does not encode): running
    such a call fails with ``InvalidRequest`` and sends nothing.
    """

    request: Request
    shape: Shape
    type: str
    problem: str | None = None

    # --- typed constructors -----------------------------------------------------------------
    # In this class body `type` is the field above, so the builtin is spelled `builtins.type`.

    @classmethod
    def one(cls, request: Request, item: builtins.type[E], problem: str | None = None) -> Call[E]:
        """A call answered ``{"data": item}``: its value is the item."""
        return Call(request=request, shape="one", type=type_name(item), problem=problem)

    @classmethod
    def page(
        cls, request: Request, item: builtins.type[E], problem: str | None = None
    ) -> Call[Page[E]]:
        """A call answered with one page of a list: its value is a ``Page[item]``."""
        return Call(request=request, shape="page", type=type_name(item), problem=problem)

    @classmethod
    def first(
        cls, request: Request, item: builtins.type[E], problem: str | None = None
    ) -> Call[E | None]:
        """A call answered with a list whose first item (``None`` when empty) is the value."""
        return Call(request=request, shape="first", type=type_name(item), problem=problem)

    @classmethod
    def nothing(cls, request: Request, problem: str | None = None) -> Call[None]:
        """A call whose success carries no value (any 2xx without an error in it)."""
        return Call(request=request, shape="none", type=type_name(NoneType), problem=problem)

    @classmethod
    def bare(cls, request: Request, item: builtins.type[E], problem: str | None = None) -> Call[E]:
        """A call answered with the item bare (as OpenAI-style endpoints do) or in ``data``."""
        return Call(request=request, shape="bare", type=type_name(item), problem=problem)

    @classmethod
    def stream(
        cls, request: Request, item: builtins.type[E], problem: str | None = None
    ) -> Call[E]:
        """A call answered with Server-Sent Events, each one ``item``: read it as it arrives
        with ``client.stream(call)``, which yields a ``Result[item, ...]`` per event."""
        return Call(request=request, shape="stream", type=type_name(item), problem=problem)

    @classmethod
    def folded(
        cls, request: Request, item: builtins.type[F], problem: str | None = None
    ) -> Call[F]:
        """A call answered with Server-Sent Events whose pieces fold into one ``item`` (a chat
        completion asked to stream, read whole): see :class:`~mosaia._types.base.Folded`."""
        return Call(request=request, shape="folded", type=type_name(item), problem=problem)

    # --- refinements --------------------------------------------------------------------------

    def with_problem(self, problem: str) -> Call[T]:
        """This call marked as a caller mistake (running it fails with ``InvalidRequest`` and
        sends nothing); a problem already found is kept, since it came first."""
        return msgspec.structs.replace(self, problem=self.problem or problem)

    def replace_query(self, **params: Any) -> Call[T]:
        """This call with ``params`` in place of any query parameters of the same names (moved
        to the end, in the order given); a ``None`` value only removes its name."""
        kept = tuple(pair for pair in self.request.query if pair[0] not in params)
        request = msgspec.structs.replace(self.request, query=kept)
        return msgspec.structs.replace(self, request=request).with_query(**params)

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
        """This call with its own connect/read timeout instead of the config's (seconds for
        both, or a :class:`Timeout` with each); a zero, negative or infinite one marks the call
        invalid."""
        value = Timeout.of(timeout)
        problem = timeout_problem(value)
        if problem is not None:
            return msgspec.structs.replace(self, problem=self.problem or problem)
        request = msgspec.structs.replace(self.request, timeout=value)
        return msgspec.structs.replace(self, request=request)


# --- pure helpers the builders share ------------------------------------------------------


def header_problem(name: str, value: str) -> str | None:
    """Why a header cannot be sent as given, or ``None`` when it can: a name must be an HTTP
    token, and neither part may hold CR, LF or NUL (which would split the header block)."""
    for part, what in ((name, "name"), (value, "value")):
        if not isinstance(part, str):
            return f"header {what} must be a string, got {type(part).__name__}"
        if any(ch in part for ch in "\r\n\0"):
            return f"header {what} for {name!r} contains CR, LF or NUL"
    if not name:
        return "empty header name"
    if not _TOKEN.fullmatch(name):
        return f"header name {name!r} is not an HTTP token"
    return None


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def unencodable(text: str) -> bool:
    """Whether ``text`` holds what UTF-8 cannot encode (a lone surrogate, which JSON documents
    can carry): no URL, header or form can send it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def segment_problem(value: str, what: str = "id") -> str | None:
    """Why ``value`` cannot stand as one path segment, or ``None`` when it can.

    Percent-encoding keeps any other string inside its segment; these few would still change
    which resource is addressed, or are never a real id and only ever an injection attempt."""
    if not isinstance(value, str):
        return f"{what} must be a string, got {type(value).__name__}"
    if value in ("", ".", ".."):
        return f"{what} must be a non-empty path segment, got {value!r}"
    if any(ch in value for ch in "\r\n\0"):
        return f"{what} contains CR, LF or NUL"
    if not value.isascii() and unencodable(value):
        return f"{what} contains a lone surrogate, which no URL can carry"
    return None


def query_pairs(params: Mapping[str, Any] | msgspec.Struct | None) -> Pairs | str:
    """Query parameters as ``(key, value)`` string pairs, or a message saying what is wrong.

    The API's rules: ``None`` dropped, booleans lowercase, numbers decimal, lists as repeated keys.
    A NaN or infinite number is a mistake (no filter or page size means it), not ``nan``.
    """
    if params is None:
        return ()
    if isinstance(params, msgspec.Struct):
        try:
            params = msgspec.to_builtins(params)
        except (TypeError, ValueError, OverflowError) as exc:
            return f"query parameters do not encode: {exc}"
    if not isinstance(params, Mapping):
        return f"query parameters must be a mapping, got {type(params).__name__}"
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else (value,)
        for item in values:
            if isinstance(item, float) and not math.isfinite(item):
                return f"query parameter {key!r} is {item!r}, not a finite number"
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
    if isinstance(value, float):
        text = repr(value)
        # Python writes very large and very small floats with an exponent (`1e-07`); the API
        # takes plain decimals, and the exact decimal of the float reads back as the same float.
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, str | int):
        return str(value)
    return None


def encode_body(body: Any, fields: Mapping[str, Any]) -> bytes | str | None:
    """The JSON body for ``body`` (a Struct, a mapping, or ``None``) merged with keyword fields,
    keeping the caller's fields in the caller's order; ``None`` when there is nothing to send;
    a message (``str``) when it cannot be encoded. A NaN or infinite number cannot be: JSON has
    none, and msgspec would send ``null``, which on an update clears the field."""
    if not (body is None or isinstance(body, msgspec.Struct | Mapping)):
        return f"body must be a mapping or a Struct, got {type(body).__name__}"
    try:
        if body is None:
            merged: dict[str, Any] = {}
        elif isinstance(body, msgspec.Struct):
            merged = msgspec.to_builtins(body)  # raises for a field holding an unencodable value
        else:
            merged = dict(body)
        merged.update(fields)
        if not merged:
            return None
        encoded = msgspec.json.encode(merged)
    except (TypeError, ValueError, OverflowError) as exc:
        return f"body does not encode as JSON: {exc}"
    # Only a body that encoded a `null` can have had a NaN in it: the common case skips the walk.
    where = _non_finite(merged, "$") if b"null" in encoded else None
    if where is not None:
        return f"body field {where} is not a finite number; JSON cannot carry it"
    return encoded


def _non_finite(value: Any, path: str) -> str | None:
    # Where in a decoded body a NaN or infinity sits (``$.temperature``), if anywhere.
    if isinstance(value, float):
        return None if math.isfinite(value) else path
    if isinstance(value, dict):
        found = (_non_finite(v, f"{path}.{k}") for k, v in value.items())
    elif isinstance(value, list | tuple):
        found = (_non_finite(v, f"{path}[{i}]") for i, v in enumerate(value))
    else:
        return None
    return next((where for where in found if where is not None), None)

"""Error values: what a ``Failure`` holds. Nothing in the SDK raises them; they are returned.

Every error is a frozen, tagged msgspec Struct with a ``message`` and a ``code``, so the seed's
``e.message`` / ``e.code`` idiom works, errors compare by value in tests, and a batch of results
can be serialized across processes. ``ApiError`` has one subclass per status family so callers
can match on the kind (``case Failure(NotFoundError())``) instead of comparing numbers.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import msgspec

from mosaia._redact import redact_body
from mosaia.http import find_header

__all__ = [
    "AnyMosaiaError",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConnectionFailure",
    "DecodeError",
    "InternalServerError",
    "InvalidRequest",
    "MosaiaError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeout",
    "ServerError",
    "TransportError",
    "UnprocessableEntityError",
    "api_error_type",
    "is_sdk_error",
]


class ApiError(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """The server answered with an error status (or a truthy ``error`` inside a 2xx body).

    ``body`` keeps the raw answer for diagnosis; ``request_id`` is the server's ``X-Request-Id``,
    the thing support will ask for."""

    status: int
    message: str
    code: str | None = None
    request_id: str | None = None
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of response header ``name`` (case-insensitive), e.g.
        ``Retry-After`` on a :class:`RateLimitError`."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        # What a person reading a log needs: the kind, status, code, message and the request id
        # support asks for. Headers and body stay on the value (``.headers``, ``.body``); every
        # response header in a printed error buried the message (and a body may hold secrets).
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    __str__ = __repr__

    def __rich_repr__(self) -> Any:
        yield from (
            ("status", self.status),
            ("code", self.code),
            ("message", self.message),
            ("request_id", self.request_id),
        )


class BadRequestError(ApiError, frozen=True, kw_only=True, tag=True):
    """400: the request was malformed or failed validation."""


class AuthenticationError(ApiError, frozen=True, kw_only=True, tag=True):
    """401: missing, invalid or expired credentials."""


class PermissionDeniedError(ApiError, frozen=True, kw_only=True, tag=True):
    """403: authenticated, but not allowed to do this."""


class NotFoundError(ApiError, frozen=True, kw_only=True, tag=True):
    """404: no such resource (or not visible to these credentials)."""


class ConflictError(ApiError, frozen=True, kw_only=True, tag=True):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(ApiError, frozen=True, kw_only=True, tag=True):
    """422: well-formed, but semantically invalid."""


class RateLimitError(ApiError, frozen=True, kw_only=True, tag=True):
    """429: too many requests; see ``Retry-After`` in ``headers``."""


class InternalServerError(ApiError, frozen=True, kw_only=True, tag=True):
    """5xx: the server failed."""


#: The "server error" kind by its plain name (every 5xx is an :class:`InternalServerError`).
ServerError = InternalServerError


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def api_error_type(status: int) -> type[ApiError]:
    """The :class:`ApiError` subclass for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, ApiError)


class TransportError(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """The request did not complete: refused or reset connection, TLS failure, a body cut short,
    an answer larger than the configured cap. ``sent`` says whether the request may have reached
    the server, which decides whether a non-idempotent retry is safe."""

    message: str
    code: str = "transport_error"
    url: str | None = None
    sent: bool = True


class RequestTimeout(msgspec.Struct, frozen=True, kw_only=True, tag="TimeoutError"):
    """Connecting or reading took longer than the configured timeout.

    Named so that ``from mosaia.errors import *`` cannot hide Python's own ``TimeoutError``.
    Its serialized tag stays ``"TimeoutError"`` (the name it had before 0.3), so errors stored
    in cassettes or a scale-out's JSON lines by an older version still decode to this class."""

    message: str
    code: str = "timeout"
    url: str | None = None
    phase: str = "read"


class DecodeError(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """The answer was not what the API promises: not JSON, or a field of the wrong type.
    ``path`` names where in the document (``$.data[3].name``), ``expected`` what was wanted."""

    message: str
    code: str = "decode_error"
    path: str | None = None
    expected: str | None = None
    status: int | None = None
    body: bytes = b""

    def __repr__(self) -> str:
        # A malformed sign-in answer still holds tokens: show the body with them masked.
        return (
            f"DecodeError(message={self.message!r}, path={self.path!r}, "
            f"expected={self.expected!r}, status={self.status!r}, body={_preview(self.body)!r})"
        )

    def __rich_repr__(self) -> Any:
        yield from _fields(self)


class InvalidRequest(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """A caller mistake caught before anything was sent (an empty id, a header with CR/LF, a
    bearer token about to go over plain HTTP)."""

    message: str
    code: str = "invalid_request"


class OAuthError(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """The authorization server refused, and said so in the redirect back to the app
    (``?error=access_denied&error_description=...``): no HTTP answer of ours carries it, so it
    is not an :class:`ApiError`. ``code`` is the RFC 6749 error code, ``message`` the
    description when one was sent (else the code), ``uri`` the server's page about it."""

    message: str
    code: str
    uri: str | None = None


#: Deprecated: the name :class:`RequestTimeout` had before 0.3. Kept so existing imports work;
#: left out of ``__all__`` so that ``from mosaia.errors import *`` never hides the builtin.
TimeoutError = RequestTimeout

#: What a ``Failure`` from running a call holds.
MosaiaError = ApiError | TransportError | RequestTimeout | DecodeError | InvalidRequest | OAuthError

#: What an executor's ``send`` can fail with: the request never produced a response.
ConnectionFailure = TransportError | RequestTimeout

_ERROR_TYPES = (ApiError, TransportError, RequestTimeout, DecodeError, InvalidRequest, OAuthError)


def _preview(body: bytes) -> str:
    return redact_body(body, limit=_REPR_BODY)


def _fields(error: DecodeError) -> Any:
    for name in error.__struct_fields__:
        value = getattr(error, name)
        if name == "body":
            value = _preview(value)
        yield name, value


_REPR_BODY = 300


def is_sdk_error(value: Any) -> TypeGuard[MosaiaError]:
    """Whether ``value`` is one of the SDK's error values (the seed's ``is_sdk_error`` idiom)."""
    return isinstance(value, _ERROR_TYPES)


#: Every concrete error class, each of :class:`ApiError`'s status kinds included: the type to
#: decode a stored error back into (``msgspec.json.decode(data, type=AnyMosaiaError)``), as
#: :mod:`mosaia.scale` does with a batch's JSON lines. Errors are tagged with their class name,
#: so the kind (``NotFoundError``, not just ``ApiError``) survives the round trip.
AnyMosaiaError = (
    ApiError
    | BadRequestError
    | AuthenticationError
    | PermissionDeniedError
    | NotFoundError
    | ConflictError
    | UnprocessableEntityError
    | RateLimitError
    | InternalServerError
    | TransportError
    | RequestTimeout
    | DecodeError
    | InvalidRequest
    | OAuthError
)

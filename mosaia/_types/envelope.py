"""The documents the API wraps its answers in, as Structs for callers who want them whole.

The SDK itself decodes envelopes internally (:mod:`mosaia.decode`) and hands back the entity or a
:class:`~mosaia._types.Page`; these types exist for code that reads raw answers (recordings,
webhooks, the seed's ``APIResponse`` / ``ErrorResponse`` imports).
"""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

from mosaia._types.page import Paging

T = TypeVar("T")


class ResponseMeta(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The optional ``meta`` of an answer: the server's own status and message."""

    status: int | None = None
    message: str | None = None


class ErrorDetail(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The inside of ``{"error": {...}}``: what went wrong, a stable code (``MODEL_NOT_FOUND``)
    and the HTTP status the server meant."""

    message: str | None = None
    code: str | None = None
    status: int | None = None


class ErrorResponse(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An error body as the API sends it: usually ``{"error": {message, code, status}}``,
    sometimes a bare ``{"message": ...}``. ``error`` may also be a plain string (OAuth's
    ``"invalid_grant"``), kept as is."""

    error: ErrorDetail | str | None = None
    message: str | None = None
    code: str | None = None

    @property
    def text(self) -> str | None:
        """The most specific message the body carries."""
        if isinstance(self.error, ErrorDetail) and self.error.message:
            return self.error.message
        return self.message or (self.error if isinstance(self.error, str) else None)


class APIResponse(msgspec.Struct, Generic[T], frozen=True, kw_only=True, omit_defaults=True):
    """The envelope around every answer: ``data`` (an entity, or a list with ``paging``),
    optional ``meta``, and ``error`` (a truthy ``error`` in a 2xx answer is a failure).

    ``APIResponse[Agent]`` reads a single answer; ``APIResponse[list[Agent]]`` a list answer."""

    data: T | None = None
    paging: Paging | None = None
    meta: ResponseMeta | None = None
    error: ErrorDetail | str | None = None

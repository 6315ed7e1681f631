"""Strategies for what goes wrong: error bodies in every shape the API sends, the error values
the SDK makes of them, and ``Result`` values holding SDK values or errors."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from mosaia.decode import error_from_response
from mosaia.errors import (
    ApiError,
    DecodeError,
    InvalidRequest,
    MosaiaError,
    OAuthError,
    RequestTimeout,
    TransportError,
)
from mosaia.http import HttpResponse
from mosaia.testing.strategies import _values as v

T = TypeVar("T")

_CODES = st.sampled_from(
    ["MODEL_NOT_FOUND", "AGENT_NOT_FOUND", "VALIDATION_ERROR", "UNAUTHORIZED", "RATE_LIMITED"]
)
_OAUTH = st.sampled_from(
    ["invalid_grant", "invalid_client", "invalid_request", "unauthorized_client"]
)


def statuses() -> st.SearchStrategy[int]:
    """An HTTP error status (400..599), the usual ones most often."""
    usual = st.sampled_from([400, 401, 403, 404, 409, 422, 429, 500, 502, 503])
    return st.one_of(usual, st.integers(400, 599))


def error_bodies(status: int | None = None) -> st.SearchStrategy[bytes]:
    """An error answer's body in any shape the reference says the API sends: the usual
    ``{"error": {message, code, status}}``, a bare ``{"message"}``, an OAuth
    ``{"error": "invalid_grant", "error_description"?}``, text that is not JSON, or nothing."""
    usual = st.fixed_dictionaries(
        {"message": v.texts(1)},
        optional={"code": _CODES, "status": st.just(status) if status else statuses()},
    ).map(lambda e: {"error": e})
    bare = st.fixed_dictionaries({"message": v.texts(1)})
    oauth = st.fixed_dictionaries(
        {"error": _OAUTH}, optional={"error_description": v.texts(1), "error_uri": v.urls()}
    )
    documents: st.SearchStrategy[Any] = st.one_of(usual, bare, oauth)
    html = st.sampled_from([b"<html><body>502 Bad Gateway</body></html>", b"upstream timeout"])
    return st.one_of(
        documents.map(msgspec.json.encode),
        html,
        v.texts().map(lambda t: t.encode("utf-8")),
        st.binary(max_size=40),
        st.just(b""),
    )


def error_answers(
    status: st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[HttpResponse]:
    """An error answer: an error status with a body from :func:`error_bodies`, sometimes a
    request id and (for 429) a ``Retry-After``."""

    @st.composite
    def build(draw: st.DrawFn) -> HttpResponse:
        code = draw(status if status is not None else statuses())
        headers: list[tuple[str, str]] = [("Content-Type", "application/json")]
        if draw(st.booleans()):
            headers.append(("X-Request-Id", draw(v.object_ids())))
        if code == 429:
            headers.append(("Retry-After", str(draw(st.integers(0, 120)))))
        return HttpResponse(status=code, headers=tuple(headers), body=draw(error_bodies(code)))

    return build()


def api_errors(status: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[ApiError]:
    """:class:`~mosaia.errors.ApiError` values (of the subclass their status calls for), made
    the way the SDK makes them: by decoding an :func:`error_answers` answer."""
    return error_answers(status).map(error_from_response)


def transport_errors() -> st.SearchStrategy[TransportError]:
    """:class:`~mosaia.errors.TransportError` values."""
    return st.builds(
        TransportError,
        message=v.texts(1),
        code=st.sampled_from(
            ["connect_error", "connection_broken", "tls_error", "transport_error"]
        ),
        url=st.one_of(st.none(), v.urls()),
        sent=st.booleans(),
    )


def timeout_errors() -> st.SearchStrategy[RequestTimeout]:
    """:class:`~mosaia.errors.RequestTimeout` values."""
    return st.builds(
        RequestTimeout,
        message=v.texts(1),
        url=st.one_of(st.none(), v.urls()),
        phase=st.sampled_from(["connect", "read"]),
    )


def decode_errors() -> st.SearchStrategy[DecodeError]:
    """:class:`~mosaia.errors.DecodeError` values."""
    return st.builds(
        DecodeError,
        message=v.texts(1),
        path=st.one_of(st.none(), st.sampled_from(["$.data", "$.data[0].name", "$.paging"])),
        expected=st.one_of(st.none(), st.sampled_from(["str", "int", "object", "Agent"])),
        status=st.one_of(st.none(), st.integers(200, 299)),
        body=st.binary(max_size=40),
    )


def invalid_requests() -> st.SearchStrategy[InvalidRequest]:
    """:class:`~mosaia.errors.InvalidRequest` values."""
    return st.builds(InvalidRequest, message=v.texts(1))


def oauth_errors() -> st.SearchStrategy[OAuthError]:
    """:class:`~mosaia.errors.OAuthError` values: an authorize redirect's refusal."""
    codes = st.sampled_from(["access_denied", "invalid_request", "server_error", "invalid_scope"])
    return st.builds(
        OAuthError, message=v.texts(1), code=codes, uri=st.none() | st.just("https://docs")
    )


def mosaia_errors() -> st.SearchStrategy[MosaiaError]:
    """Any error a ``Failure`` can hold."""
    return st.one_of(
        api_errors(),
        transport_errors(),
        timeout_errors(),
        decode_errors(),
        invalid_requests(),
        oauth_errors(),
    )


def results(
    values: st.SearchStrategy[T], errors: st.SearchStrategy[Any] | None = None
) -> st.SearchStrategy[Result[T, Any]]:
    """``Success`` of ``values`` or ``Failure`` of ``errors`` (any SDK error by default): what
    ``client.run`` returns, for testing code that consumes results."""
    failures = errors if errors is not None else mosaia_errors()
    return st.one_of(values.map(Success), failures.map(Failure))

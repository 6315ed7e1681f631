"""Strategies for the documents around entities: the OAuth shapes, and the API's envelopes
(``APIResponse``, ``ErrorResponse``) for code that reads raw answers."""

from __future__ import annotations

from typing import Any, TypeVar

from hypothesis import strategies as st

from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._pages import pagings
from mosaia.testing.strategies._structs import structs
from mosaia.types import (
    APIResponse,
    ErrorDetail,
    ErrorResponse,
    OAuthConfig,
    OAuthErrorResponse,
    OAuthTokenResponse,
    ResponseMeta,
)

T = TypeVar("T")

_OAUTH_ERRORS = ["invalid_grant", "invalid_client", "invalid_request", "access_denied"]


def oauth_token_responses() -> st.SearchStrategy[OAuthTokenResponse]:
    """:class:`~mosaia._types.OAuthTokenResponse` values (``POST /auth/token`` answers)."""
    return structs(OAuthTokenResponse, required=("access_token",))


def oauth_error_responses() -> st.SearchStrategy[OAuthErrorResponse]:
    """:class:`~mosaia._types.OAuthErrorResponse` values (RFC 6749 error answers)."""
    return structs(
        OAuthErrorResponse,
        overrides={
            "error": st.sampled_from(_OAUTH_ERRORS),
            "error_description": v.texts(1),
            "error_uri": v.urls(),
        },
    )


def oauth_configs() -> st.SearchStrategy[OAuthConfig]:
    """:class:`~mosaia._types.OAuthConfig` values with a client, a redirect URI and scopes."""
    return st.builds(
        OAuthConfig,
        client_id=v.ids(),
        redirect_uri=v.urls(),
        scopes=st.lists(st.sampled_from(["read", "write", "admin"]), min_size=1).map(tuple),
        state=st.one_of(st.none(), v.tokens()),
    )


def response_metas() -> st.SearchStrategy[ResponseMeta]:
    """:class:`~mosaia._types.ResponseMeta` values (an answer's optional ``meta``)."""
    return structs(ResponseMeta, overrides={"status": st.integers(100, 599)})


def error_details() -> st.SearchStrategy[ErrorDetail]:
    """:class:`~mosaia._types.ErrorDetail` values (the inside of ``{"error": {...}}``)."""
    return structs(ErrorDetail, overrides={"status": st.integers(400, 599)})


def error_responses() -> st.SearchStrategy[ErrorResponse]:
    """:class:`~mosaia._types.ErrorResponse` values: the usual nested error, a bare message, or
    an OAuth error code as a string."""
    return structs(
        ErrorResponse,
        overrides={"error": st.one_of(error_details(), st.sampled_from(_OAUTH_ERRORS))},
    )


def api_responses(data: st.SearchStrategy[T] | None = None) -> st.SearchStrategy[APIResponse[T]]:
    """:class:`~mosaia._types.APIResponse` envelopes around ``data`` (any JSON by default)."""
    drawn: st.SearchStrategy[Any] = data if data is not None else v.json_values()
    return st.builds(
        APIResponse,
        data=drawn,
        paging=st.one_of(st.none(), pagings()),
        meta=st.one_of(st.none(), response_metas()),
    )


#: Every document type with its strategy, for ``register``.
DOCUMENT_STRATEGIES: dict[type[Any], Any] = {
    OAuthTokenResponse: oauth_token_responses,
    OAuthErrorResponse: oauth_error_responses,
    OAuthConfig: oauth_configs,
    ResponseMeta: response_metas,
    ErrorDetail: error_details,
    ErrorResponse: error_responses,
}

"""Registering the strategies with hypothesis (``st.from_type(Agent)`` and the like).

A module of its own, importing hypothesis only inside :func:`register`, because of an import
order trap: importing hypothesis runs its entry points, and mosaia's entry point calls
``register``. When a user imports :mod:`mosaia.testing.strategies` before hypothesis, that
call arrives while the strategies package is still half-imported; ``register`` must then
already exist there (so it is imported first) and must not need the half-imported package
(so it reaches the strategy modules directly).
"""

from __future__ import annotations

from typing import Any


def register() -> None:
    """Register every strategy with hypothesis, so ``st.from_type(Agent)``,
    ``st.from_type(Page[Agent])``, ``st.from_type(Call[Agent])`` and
    ``st.from_type(Result[Agent, ApiError])`` draw SDK values. Runs when hypothesis or
    :mod:`mosaia.testing.strategies` is imported; idempotent."""
    from hypothesis import strategies as st

    from mosaia.errors import (
        ApiError,
        DecodeError,
        InvalidRequest,
        OAuthError,
        RequestTimeout,
        TransportError,
        api_error_type,
    )
    from mosaia.request import Call
    from mosaia.testing.strategies._chat import CHAT_STRATEGIES
    from mosaia.testing.strategies._documents import DOCUMENT_STRATEGIES, api_responses
    from mosaia.testing.strategies._entities import ENTITY_STRATEGIES
    from mosaia.testing.strategies._errors import (
        api_errors,
        decode_errors,
        invalid_requests,
        oauth_errors,
        timeout_errors,
        transport_errors,
    )
    from mosaia.testing.strategies._operations import calls_of
    from mosaia.testing.strategies._pages import pages, pagings
    from mosaia.testing.strategies._platform import PLATFORM_STRATEGIES
    from mosaia.types import APIResponse, Page, Paging

    def page_of(tp: Any) -> st.SearchStrategy[Any]:
        args = getattr(tp, "__args__", ())
        return pages(st.from_type(args[0])) if args else pages()

    def envelope_of(tp: Any) -> st.SearchStrategy[Any]:
        args = getattr(tp, "__args__", ())
        return api_responses(st.from_type(args[0])) if args else api_responses()

    def api_errors_of(kind: type[ApiError]) -> st.SearchStrategy[Any]:
        if kind is ApiError:
            return api_errors()
        # The statuses whose error class is ``kind`` (5xx for InternalServerError, and so on).
        matching = [s for s in range(400, 600) if api_error_type(s) is kind]
        return api_errors(st.sampled_from(matching))

    every: dict[type[Any], Any] = {
        **ENTITY_STRATEGIES,
        **CHAT_STRATEGIES,
        **DOCUMENT_STRATEGIES,
        **PLATFORM_STRATEGIES,
        Paging: pagings,
    }
    for cls, strategy in every.items():
        st.register_type_strategy(cls, st.deferred(strategy))
    st.register_type_strategy(Page, page_of)
    st.register_type_strategy(APIResponse, envelope_of)
    st.register_type_strategy(Call, calls_of)
    for kind in {api_error_type(s) for s in range(400, 600)} | {ApiError}:
        st.register_type_strategy(kind, api_errors_of(kind))
    st.register_type_strategy(TransportError, transport_errors())
    st.register_type_strategy(RequestTimeout, timeout_errors())
    st.register_type_strategy(DecodeError, decode_errors())
    st.register_type_strategy(InvalidRequest, invalid_requests())
    st.register_type_strategy(OAuthError, oauth_errors())

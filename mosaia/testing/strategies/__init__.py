"""Hypothesis strategies for the whole SDK: every entity, list pages, error bodies and error
values, ``Result`` values, and every operation's inputs.

::

    from hypothesis import given, strategies as st
    from mosaia.testing import strategies

    @given(strategies.agents())
    def test_my_renderer_copes_with_any_agent(agent): ...

    @given(st.from_type(Agent))            # registered: from_type works for every entity
    def test_same_thing(agent): ...

    @given(strategies.calls())             # any valid Call of any operation
    def test_my_wrapper_never_raises(call): ...

Entity strategies are named for the entity in the plural (``agents()``, ``users()``,
``access_policies()``, ``vector_indexes()``); ``new=True`` draws a body fit for ``create``
instead of an answer. References (``org``, ``user``, ``policy``, ...) are often the ids of
``Simulator.with_fixtures()``, so calls drawn here reach real documents there.

This subpackage is the only part of ``mosaia`` that imports ``hypothesis`` (a test-time
dependency); importing it registers the strategies with ``st.register_type_strategy``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mosaia.errors import (
    ApiError,
    DecodeError,
    InvalidRequest,
    OAuthError,
    TimeoutError,
    TransportError,
    api_error_type,
)
from mosaia.request import Call
from mosaia.testing.strategies._builders import builders
from mosaia.testing.strategies._chat import (
    CHAT_STRATEGIES,
    chat_choices,
    chat_completion_chunks,
    chat_completion_requests,
    chat_completions,
    chat_messages,
    chunk_choices,
    chunk_deltas,
    usages,
)
from mosaia.testing.strategies._documents import (
    DOCUMENT_STRATEGIES,
    api_responses,
    error_details,
    error_responses,
    oauth_configs,
    oauth_error_responses,
    oauth_token_responses,
    response_metas,
)
from mosaia.testing.strategies._entities import (
    ENTITY_STRATEGIES,
    REQUIRED,
    access_policies,
    agent_groups,
    agents,
    app_bots,
    apps,
    auth_tokens,
    changes,
    clients,
    entity,
    meters,
    models,
    org_permissions,
    org_users,
    organizations,
    permissions,
    selves,
    session_tokens,
    tools,
    user_permissions,
    users,
    wallets,
)
from mosaia.testing.strategies._errors import (
    api_errors,
    decode_errors,
    error_answers,
    error_bodies,
    invalid_requests,
    mosaia_errors,
    oauth_errors,
    results,
    statuses,
    timeout_errors,
    transport_errors,
)
from mosaia.testing.strategies._inputs import list_params
from mosaia.testing.strategies._operations import (
    NOT_OPERATIONS,
    OPERATIONS,
    Operation,
    calls,
    calls_of,
    operations,
)
from mosaia.testing.strategies._pages import page_bodies, page_body, pages, pagings
from mosaia.testing.strategies._platform import *  # noqa: F403 (one per type, listed there)
from mosaia.testing.strategies._platform import PLATFORM_STRATEGIES
from mosaia.testing.strategies._platform import __all__ as _platform_names
from mosaia.testing.strategies._structs import SERVER_FIELDS, references, structs
from mosaia.testing.strategies._values import (
    emails,
    epoch_millis,
    ids,
    json_values,
    names,
    object_ids,
    segments,
    texts,
    timestamps,
    tokens,
    urls,
)
from mosaia.types import APIResponse, Page, Paging

__all__ = [
    "NOT_OPERATIONS",
    "OPERATIONS",
    "REQUIRED",
    "SERVER_FIELDS",
    "Operation",
    "access_policies",
    "agent_groups",
    "agents",
    "api_errors",
    "api_responses",
    "app_bots",
    "apps",
    "auth_tokens",
    "builders",
    "calls",
    "calls_of",
    "changes",
    "chat_choices",
    "chat_completion_chunks",
    "chat_completion_requests",
    "chat_completions",
    "chat_messages",
    "chunk_choices",
    "chunk_deltas",
    "clients",
    "decode_errors",
    "emails",
    "entity",
    "epoch_millis",
    "error_answers",
    "error_bodies",
    "error_details",
    "error_responses",
    "ids",
    "invalid_requests",
    "json_values",
    "list_params",
    "meters",
    "models",
    "mosaia_errors",
    "names",
    "oauth_configs",
    "oauth_error_responses",
    "oauth_errors",
    "oauth_token_responses",
    "object_ids",
    "operations",
    "org_permissions",
    "org_users",
    "organizations",
    "page_bodies",
    "page_body",
    "pages",
    "pagings",
    "permissions",
    "references",
    "register",
    "response_metas",
    "results",
    "segments",
    "selves",
    "session_tokens",
    "statuses",
    "structs",
    "texts",
    "timeout_errors",
    "timestamps",
    "tokens",
    "tools",
    "transport_errors",
    "urls",
    "usages",
    "user_permissions",
    "users",
    "wallets",
    *_platform_names,
]


def _page_of(tp: Any) -> st.SearchStrategy[Any]:
    args = getattr(tp, "__args__", ())
    return pages(st.from_type(args[0])) if args else pages()


def _envelope_of(tp: Any) -> st.SearchStrategy[Any]:
    args = getattr(tp, "__args__", ())
    return api_responses(st.from_type(args[0])) if args else api_responses()


def _api_errors_of(kind: type[ApiError]) -> st.SearchStrategy[Any]:
    if kind is ApiError:
        return api_errors()
    # The statuses whose error class is ``kind`` (5xx for InternalServerError, and so on).
    matching = [s for s in range(400, 600) if api_error_type(s) is kind]
    return api_errors(st.sampled_from(matching))


def register() -> None:
    """Register every strategy with hypothesis, so ``st.from_type(Agent)``,
    ``st.from_type(Page[Agent])``, ``st.from_type(Call[Agent])`` and
    ``st.from_type(Result[Agent, ApiError])`` draw SDK values. Runs on import; idempotent."""
    every: dict[type[Any], Any] = {
        **ENTITY_STRATEGIES,
        **CHAT_STRATEGIES,
        **DOCUMENT_STRATEGIES,
        **PLATFORM_STRATEGIES,
        Paging: pagings,
    }
    for cls, strategy in every.items():
        st.register_type_strategy(cls, st.deferred(strategy))
    st.register_type_strategy(Page, _page_of)
    st.register_type_strategy(APIResponse, _envelope_of)
    st.register_type_strategy(Call, calls_of)
    for kind in {api_error_type(s) for s in range(400, 600)} | {ApiError}:
        st.register_type_strategy(kind, _api_errors_of(kind))
    st.register_type_strategy(TransportError, transport_errors())
    st.register_type_strategy(TimeoutError, timeout_errors())
    st.register_type_strategy(DecodeError, decode_errors())
    st.register_type_strategy(InvalidRequest, invalid_requests())
    st.register_type_strategy(OAuthError, oauth_errors())


register()

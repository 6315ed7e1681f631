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
dependency); importing it registers the strategies with ``st.register_type_strategy``. It
imports in either order with hypothesis (see :mod:`mosaia.testing.strategies._registry`).
"""

from __future__ import annotations

# First, before anything imports hypothesis: hypothesis's entry point may call `register` on
# this package while it is still half-imported.
from mosaia.testing.strategies._registry import register

# isort: split

# Then hypothesis itself, before the strategy modules that use it: its entry point, calling
# `register` above, reaches for those modules, which must not be half-imported then.
import hypothesis  # noqa: F401

from mosaia.testing.strategies._builders import builders
from mosaia.testing.strategies._chat import (
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
    api_responses,
    error_details,
    error_responses,
    oauth_configs,
    oauth_error_responses,
    oauth_token_responses,
    response_metas,
)
from mosaia.testing.strategies._entities import (
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
from mosaia.testing.strategies._operation import Operation
from mosaia.testing.strategies._operations import (
    NOT_OPERATIONS,
    OPERATIONS,
    calls,
    calls_of,
    operations,
)
from mosaia.testing.strategies._pages import page_bodies, page_body, pages, pagings
from mosaia.testing.strategies._platform import *  # noqa: F403 (one per type, listed there)
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


register()

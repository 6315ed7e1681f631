"""Every operation of the SDK with a strategy for its inputs: the table behind ``calls()``.

:data:`OPERATIONS` lists each builder of each module of :mod:`mosaia.api` (and the OAuth token
calls of :mod:`mosaia.pkce`) with a strategy for valid inputs and the error statuses the
reference allows for them: an unknown id may be 404, a create may be refused with 400, 404 or
409, a sign-in with wrong credentials 400 or 401; a list with valid parameters never fails.
:func:`~mosaia.testing.strategies._builders.builders` finds every builder by looking, so a test
can fail when the table misses one.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from hypothesis import strategies as st

from mosaia import pkce
from mosaia._types.oauth import OAuthTokenResponse
from mosaia.api import (
    activities,
    agent_groups,
    agent_tools,
    agents,
    app_bots,
    app_connectors,
    app_webhooks,
    apps,
    auth,
    billing,
    clients,
    drive_items,
    drives,
    logs,
    memberships,
    messages,
    models,
    notifications,
    organizations,
    permissions,
    plans,
    scopes,
    search,
    snapshots,
    sso,
    tasks,
    tools,
    triggers,
    upload_jobs,
    users,
    vector_indexes,
    vectors,
)
from mosaia.request import Call
from mosaia.session import Session
from mosaia.testing._sim.fixtures import ADA_EMAIL, ADA_PASSWORD, CLIENT_ID, CLIENT_SECRET
from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._actions import ACTIONS, FILE_OPERATIONS
from mosaia.testing.strategies._entities import changes
from mosaia.testing.strategies._inputs import (
    arguments,
    bodies,
    getting,
)
from mosaia.testing.strategies._operation import (
    _AGENT_FILTERS,
    _ITEM_PATHS,
    _ONE_SEGMENT_IDS,
    _TOOL_NAMES,
    CREDENTIALS,
    MISSING,
    NEVER,
    REFUSED,
    Operation,
    _at,
    _chat,
    _derived,
    _op,
    _scoped_tools,
    crud,
)
from mosaia.testing.strategies._structs import SERVER_FIELDS, references, structs
from mosaia.types import (
    AccessPolicy,
    Activity,
    Agent,
    AgentGroup,
    AgentTool,
    App,
    AppBot,
    AppConnector,
    AppWebhook,
    AuthToken,
    Client,
    Drive,
    DriveItem,
    EmailNotificationResult,
    Log,
    Message,
    Meter,
    Model,
    Organization,
    OrgPermission,
    OrgUser,
    Page,
    Plan,
    ScopeList,
    SearchResults,
    Self,
    SessionToken,
    Snapshot,
    SsoToken,
    Task,
    Tool,
    Trigger,
    UploadJob,
    User,
    UserPermission,
    Vector,
    VectorIndex,
    Wallet,
)

_MEMBER = structs(
    OrgUser, required=("user", "permission"), exclude=(*SERVER_FIELDS, "org"), depth=0
)

_ORG = references("org")
_USER = references("user")
_CLIENT_IDS = st.one_of(st.just(CLIENT_ID), v.texts(1, 20))
_MODEL_NAMES = st.sampled_from(["GPT-4o", "gpt-4o", "claude-sonnet-4", "no-such-model"])

#: Every operation, with its inputs and allowed errors. Keep in sync with :mod:`mosaia.api`:
#: ``tests/test_strategies.py`` fails when a builder is missing here.
OPERATIONS: tuple[Operation, ...] = (
    *ACTIONS,
    *crud(users, "user", User, ("org", "user")),
    _op(users, "get_session", _USER.map(lambda i: ((i,), {})), MISSING, SessionToken, "one"),
    *crud(organizations, "org", Organization),
    _op(
        organizations,
        "get_members",
        st.tuples(_ORG.map(lambda o: (o,)), st.just({})),
        MISSING,
        OrgUser,
        "page",
    ),
    _op(organizations, "get_member", arguments(_ORG, _USER), MISSING, OrgUser, "one"),
    _op(organizations, "add_member", bodies(_MEMBER, _ORG), REFUSED, OrgUser, "one"),
    _op(
        organizations,
        "update_member",
        bodies(changes(OrgUser), _ORG, _USER),
        REFUSED,
        OrgUser,
        "one",
    ),
    _op(organizations, "remove_member", arguments(_ORG, _USER), MISSING, None, "none"),
    *crud(agents, "agent", Agent, _AGENT_FILTERS),
    *_chat(agents, "agent"),
    *crud(agent_groups, "agent_group", AgentGroup, _AGENT_FILTERS),
    *_chat(agent_groups, "agent_group"),
    *crud(models, "model", Model, (*_AGENT_FILTERS, "provider")),
    *_chat(models, "model", _MODEL_NAMES),
    *crud(clients, "client", Client, ("org", "user")),
    *crud(
        billing,
        "wallet",
        Wallet,
        ("org", "user"),
        ("get_wallets", "get_wallet", "create_wallet", "update_wallet", "delete_wallet"),
    ),
    *crud(
        billing,
        "meter",
        Meter,
        ("org", "user", "type"),
        ("get_meters", "get_meter", "create_meter", "update_meter", "delete_meter"),
    ),
    *crud(
        permissions,
        "policy",
        AccessPolicy,
        (),
        (
            "get_access_policies",
            "get_access_policy",
            "create_access_policy",
            "update_access_policy",
            "delete_access_policy",
        ),
    ),
    *crud(
        permissions,
        "org_permission",
        OrgPermission,
        ("org", "user", "client"),
        (
            "get_org_permissions",
            "get_org_permission",
            "create_org_permission",
            "update_org_permission",
            "delete_org_permission",
        ),
    ),
    *crud(
        permissions,
        "user_permission",
        UserPermission,
        ("user", "client"),
        (
            "get_user_permissions",
            "get_user_permission",
            "create_user_permission",
            "update_user_permission",
            "delete_user_permission",
        ),
    ),
    *crud(apps, "app", App, ("org", "user")),
    _op(apps, "get", getting("app", App), MISSING, App, "one", "page"),
    *crud(tools, "tool", Tool, ("org", "user", "name")),
    _op(tools, "get", getting("tool", Tool), MISSING, Tool, "one", "page"),
    _op(tools, "get_by_name", _TOOL_NAMES.map(lambda n: ((n,), {})), NEVER, Tool, "first"),
    *_scoped_tools(),
    *crud(app_bots, "app_bot", AppBot, ("org", "user", "app")),
    _op(app_bots, "get", getting("app_bot", AppBot), MISSING, AppBot, "one", "page"),
    *_at(drives, Drive, "drive", ("org", "user")),
    *_at(drive_items, DriveItem, "drive_item", ("drive",), extra=("batch_delete",)),
    _derived(
        drive_items,
        "get_by_path",
        st.tuples(references("drive"), st.one_of(_ITEM_PATHS, _ONE_SEGMENT_IDS)).map(
            lambda a: drive_items.resource.under(drive=a[0]).get_by_path(a[1])
        ),
        MISSING,
        DriveItem,
        "one",
    ),
    *_at(upload_jobs, UploadJob, "upload_job", ("drive",), names=("get_all", "get_by_id")),
    *_at(vector_indexes, VectorIndex, "vector_index", ("drive", "org", "user", "app")),
    *_at(vectors, Vector, "vector", ("index",)),
    *_at(logs, Log, "log", ("agent",), extra=("batch_delete",)),
    *_at(messages, Message, "message", ("log",)),
    *_at(snapshots, Snapshot, "snapshot", ("log",)),
    *_at(tasks, Task, "task", ("agent",), extra=("batch_delete",)),
    *_at(plans, Plan, "plan", extra=("batch_delete",)),
    *_at(triggers, Trigger, "trigger", ("task",)),
    *_at(activities, Activity, "activity", ("org", "user"), names=("get_all", "get_by_id")),
    *_at(agent_tools, AgentTool, "agent_tool", ("agent",)),
    *_at(app_connectors, AppConnector, "app_connector", ("app",)),
    *_at(app_webhooks, AppWebhook, "app_webhook", ("app",)),
    *_at(memberships, OrgUser, "user", ("org",), names=("get_all", "get_by_id", "delete")),
    _derived(
        memberships,
        "create",
        st.tuples(_ORG, _MEMBER).map(lambda a: memberships.members.under(org=a[0]).create(a[1])),
        REFUSED,
        OrgUser,
        "one",
    ),
    _derived(
        memberships,
        "update",
        st.tuples(_ORG, _USER, changes(OrgUser)).map(
            lambda a: memberships.members.under(org=a[0]).update(a[1], a[2])
        ),
        REFUSED,
        OrgUser,
        "one",
    ),
    _op(
        memberships,
        "get_session",
        st.one_of(
            st.tuples(_USER.map(lambda m: (m,)), _ORG.map(lambda o: {"org": o})),
            st.tuples(_ORG.map(lambda m: (m,)), _USER.map(lambda u: {"user": u})),
        ),
        MISSING,
        AuthToken,
        "one",
    ),
    *_at(agents, Agent, "agent", ("org", "user"), names=(), extra=("batch_delete",)),
    # The platform serves likes at the bare collection paths only (contract 2.6).
    *_at(agents, Agent, "agent", names=(), extra=("like",)),
    *_at(apps, App, "app", names=(), extra=("like",)),
    *_at(tools, Tool, "tool", names=(), extra=("like",)),
    *_at(models, Model, "model", names=(), extra=("like",)),
    _op(
        agents,
        "fork",
        st.tuples(
            references("agent").map(lambda i: (i,)),
            st.fixed_dictionaries({}, optional={"generate_system_message": st.booleans()}),
        ),
        MISSING,
        Agent,
        "one",
    ),
    _op(
        search,
        "query",
        st.tuples(
            st.tuples(v.query_texts(1, 12)),
            st.fixed_dictionaries(
                {},
                optional={
                    "search_types": st.lists(
                        st.sampled_from(["agent", "app", "tool", "model"]), min_size=1, unique=True
                    ),
                    "limit": st.integers(1, 50),
                },
            ),
        ),
        NEVER,
        SearchResults,
        "bare",
    ),
    _op(scopes, "get_scopes", st.just(((), {})), NEVER, ScopeList, "bare"),
    _op(
        sso,
        "sign_in",
        references("user").map(
            lambda u: (
                (),
                {
                    "mosaia_user": {"id": u},
                    "oauth_account": {"type": "oauth", "provider": "google"},
                },
            )
        ),
        frozenset({400, 401, 404}),
        SsoToken,
        "bare",
    ),
    _op(
        notifications,
        "send_email",
        st.tuples(st.tuples(v.emails(), v.names()), st.just({"text": "hello"})),
        frozenset({400}),
        EmailNotificationResult,
        "bare",
    ),
    _op(
        auth,
        "sign_in_with_password",
        st.one_of(
            st.just(((ADA_EMAIL, ADA_PASSWORD, CLIENT_ID), {})),
            arguments(v.emails(), v.texts(1, 20), _CLIENT_IDS),
        ),
        CREDENTIALS,
        AuthToken,
        "one",
    ),
    _op(
        auth,
        "sign_in_with_client",
        st.one_of(
            st.just(((CLIENT_ID, CLIENT_SECRET), {})), arguments(_CLIENT_IDS, v.texts(1, 20))
        ),
        CREDENTIALS,
        AuthToken,
        "one",
    ),
    _op(auth, "refresh_token", arguments(v.tokens()), CREDENTIALS, AuthToken, "one"),
    _op(
        auth,
        "refresh_session",
        arguments(
            st.builds(
                Session,
                access_token=v.tokens(),
                auth_type=st.sampled_from(["password", "client", "oauth"]),
                refresh_token=v.tokens(),
                client_id=_CLIENT_IDS,
            )
        ),
        CREDENTIALS,
        AuthToken,
        "one",
        "bare",  # an OAuth session renews at the token endpoint, answered bare
    ),
    _op(
        auth,
        "sign_out",
        arguments(st.one_of(st.none(), v.tokens())),
        frozenset({400, 401, 404}),
        None,
        "none",
    ),
    _op(auth, "get_session", st.just(((), {})), NEVER, Self, "one"),
    _op(auth, "get_self", st.just(((), {})), NEVER, Self, "one"),
    _op(
        pkce,
        "exchange_call",
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {
                    "client_id": _CLIENT_IDS,
                    "redirect_uri": v.urls(),
                    "code": v.tokens(),
                    "code_verifier": st.binary(min_size=32, max_size=96).map(
                        pkce.new_code_verifier
                    ),
                }
            ),
        ),
        CREDENTIALS,
        OAuthTokenResponse,
        "bare",
    ),
    _op(
        pkce,
        "refresh_call",
        st.tuples(
            st.just(()),
            st.fixed_dictionaries({"client_id": _CLIENT_IDS, "refresh_token": v.tokens()}),
        ),
        CREDENTIALS,
        OAuthTokenResponse,
        "bare",
    ),
)

OPERATIONS = (*OPERATIONS, *FILE_OPERATIONS)

#: Names :func:`builders` finds that are not operations, and why.
NOT_OPERATIONS: dict[str, str] = {
    "uploads.download": "answered with a redirect to storage, which mosaia.files.download "
    "follows without the bearer token; not a call that decodes one answer",
}


def operations(*, streamed: bool = False) -> st.SearchStrategy[tuple[Operation, Call[Any]]]:
    """An operation of :data:`OPERATIONS` and a call built from valid inputs for it; streamed
    operations (run with ``client.stream``) only when ``streamed`` is true."""
    pool = [o for o in OPERATIONS if streamed or not o.streamed]
    return st.sampled_from(pool).flatmap(lambda o: o.calls.map(lambda c: (o, c)))


def calls(*, streamed: bool = False) -> st.SearchStrategy[Call[Any]]:
    """Any valid :class:`~mosaia.request.Call`: any operation of the SDK, built from valid
    inputs (``Call.problem`` is always ``None``), to run with ``client.run`` (or, with
    ``streamed=True``, also the streamed ones, to run with ``client.stream``)."""
    return operations(streamed=streamed).map(lambda pair: pair[1])


def calls_of(tp: Any) -> st.SearchStrategy[Call[Any]]:
    """Calls whose answer decodes into ``tp`` (``Call[Agent]``, ``Call[Page[Agent]]``,
    ``Call[None]``); any call for a bare ``Call``. Registered for ``st.from_type(Call[...])``."""
    args = get_args(tp)
    if not args:
        return calls()
    wanted = args[0]
    item: Any
    if get_origin(wanted) is Page:
        item, shapes = get_args(wanted)[0], {"page"}
    elif wanted is None or wanted is type(None):
        item, shapes = None, {"none"}
    else:
        item, shapes = wanted, {"one", "bare", "first"}
    chosen = [o for o in OPERATIONS if o.item is item and o.shapes & shapes and not o.streamed]
    if not chosen:
        return st.nothing()
    drawn = st.sampled_from(chosen).flatmap(lambda o: o.calls)
    return drawn.filter(lambda c: c.shape in shapes)

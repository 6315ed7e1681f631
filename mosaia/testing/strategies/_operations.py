"""Every operation of the SDK with a strategy for its inputs: the table behind ``calls()``.

:data:`OPERATIONS` lists each builder of each module of :mod:`mosaia.api` (and the OAuth token
calls of :mod:`mosaia.pkce`) with a strategy for valid inputs and the error statuses the
reference allows for them: an unknown id may be 404, a create may be refused with 400, 404 or
409, a sign-in with wrong credentials 400 or 401; a list with valid parameters never fails.
:func:`~mosaia.testing.strategies._builders.builders` finds every builder by looking, so a test
can fail when the table misses one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, get_args, get_origin
from urllib.parse import quote

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
    uploads,
    users,
    vector_indexes,
    vectors,
)
from mosaia.api._crud import Resource
from mosaia.request import Call
from mosaia.session import Session
from mosaia.testing._sim.fixtures import ADA_EMAIL, ADA_PASSWORD, CLIENT_ID, CLIENT_SECRET, IDS
from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._chat import chat_completion_requests
from mosaia.testing.strategies._entities import changes, entity
from mosaia.testing.strategies._inputs import (
    Args,
    arguments,
    bodies,
    deleting,
    getting,
    list_params,
    listing,
)
from mosaia.testing.strategies._structs import SERVER_FIELDS, references, structs
from mosaia.types import (
    AccessGrant,
    AccessList,
    AccessPolicy,
    AccessRevocation,
    Activity,
    Agent,
    AgentGroup,
    AgentTool,
    App,
    AppBot,
    AppConnector,
    AppWebhook,
    AuthToken,
    BatchDeleteResult,
    ChatCompletion,
    ChatCompletionChunk,
    Client,
    Drive,
    DriveItem,
    EmailNotificationResult,
    EmbeddingResponse,
    Log,
    Message,
    Meter,
    Model,
    Organization,
    OrgPermission,
    OrgUser,
    Page,
    Plan,
    PlanApproval,
    ReindexResult,
    RerankResponse,
    ScopeList,
    SearchResults,
    Self,
    SessionToken,
    Snapshot,
    SsoToken,
    Task,
    Tool,
    Trigger,
    TriggerExecution,
    UploadFailure,
    UploadJob,
    UploadStart,
    User,
    UserPermission,
    Vector,
    VectorIndex,
    VectorMatch,
    Wallet,
)

#: Error statuses the reference allows, by kind of operation.
NEVER: frozenset[int] = frozenset()
MISSING = frozenset({404})
REFUSED = frozenset({400, 404, 409})
CREDENTIALS = frozenset({400, 401})


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation: where its builder lives, a strategy of the calls it builds from valid
    inputs, and the error statuses the reference allows in answer."""

    module: str
    name: str
    calls: st.SearchStrategy[Call[Any]]
    errors: frozenset[int]
    #: What the answer decodes into (``None`` for no value) and the shapes it may take.
    item: type[Any] | None
    shapes: frozenset[str]
    #: Whether the answer is Server-Sent Events, read with ``client.stream(call)`` (running
    #: such a call with ``client.run`` is a caller mistake: it cannot decode as one value).
    streamed: bool = False

    @property
    def qualname(self) -> str:
        """``module.name`` relative to :mod:`mosaia.api` (``agents.get_by_id``)."""
        return f"{self.module.removeprefix('mosaia.api.')}.{self.name}"

    def __repr__(self) -> str:
        return f"Operation({self.qualname})"


def _op(
    module: ModuleType,
    name: str,
    args: st.SearchStrategy[Args],
    errors: frozenset[int],
    item: type[Any] | None,
    *shapes: str,
    streamed: bool = False,
) -> Operation:
    fn = getattr(module, name)
    calls = args.map(lambda a: fn(*a[0], **a[1]))
    return Operation(module.__name__, name, calls, errors, item, frozenset(shapes), streamed)


def _derived(
    module: ModuleType,
    name: str,
    calls: st.SearchStrategy[Call[Any]],
    errors: frozenset[int],
    item: type[Any] | None,
    *shapes: str,
) -> Operation:
    # Operations reached through a factory (``tools.scoped(user=...)``) rather than a name.
    return Operation(module.__name__, name, calls, errors, item, frozenset(shapes))


def crud(
    module: ModuleType,
    ref: str,
    cls: type[Any],
    filters: Iterable[str] = (),
    names: tuple[str, str, str, str, str] = ("get_all", "get_by_id", "create", "update", "delete"),
) -> list[Operation]:
    """The five standard operations of one collection, under the names the module gives them
    (``get_all, get_by_id, create, update, delete`` unless ``names`` says otherwise)."""
    list_name, get_name, create_name, update_name, delete_name = names
    one: st.SearchStrategy[Args] = references(ref).map(lambda i: ((i,), {}))
    return [
        _op(module, list_name, listing(list_params(*filters)), NEVER, cls, "page"),
        _op(module, get_name, one, MISSING, cls, "one"),
        _op(module, create_name, bodies(entity(cls, new=True)), REFUSED, cls, "one"),
        _op(module, update_name, bodies(changes(cls), references(ref)), REFUSED, cls, "one"),
        _op(module, delete_name, deleting(ref), MISSING, None, "none"),
    ]


def _chat(
    module: ModuleType, ref: str, names: st.SearchStrategy[str] | None = None
) -> list[Operation]:
    targets = st.one_of(references(ref), names) if names is not None else references(ref)
    by_model: st.SearchStrategy[Args] = chat_completion_requests(targets).map(lambda b: ((b,), {}))
    by_path = st.tuples(
        chat_completion_requests(st.none()).map(lambda b: (b,)),
        targets.map(lambda i: {"id": i}),
    )
    args = st.one_of(by_model, by_path)
    found = [
        _op(module, "chat_completion", args, MISSING, ChatCompletion, "bare"),
        _op(module, "async_chat_completion", args, MISSING, ChatCompletion, "bare"),
    ]
    if hasattr(module, "chat_completion_stream"):
        chunk = ChatCompletionChunk
        found.append(
            _op(module, "chat_completion_stream", args, MISSING, chunk, "stream", streamed=True)
        )
    return found


def _at(
    module: ModuleType,
    cls: type[Any],
    ref: str,
    parents: tuple[str, ...] = (),
    *,
    names: tuple[str, ...] = ("get_all", "get_by_id", "create", "update", "delete"),
    extra: tuple[str, ...] = (),
) -> list[Operation]:
    """The operations of a collection reached at its bare path or under one of ``parents``
    (each drawn as a fixture id or any id): ``tasks.resource.under(agent=...)``. A collection
    that exists only under a parent lists it alone and is never drawn bare."""
    resource: Resource[Any] = module.resource
    bare = [st.just(resource)] if not resource.needs else []
    under = [references(kind).map(_parent(resource, kind)) for kind in parents]
    at: st.SearchStrategy[Any] = st.one_of(*bare, *under)
    strategies: dict[str, tuple[st.SearchStrategy[Args], frozenset[int], Any, str]] = {
        "get_all": (listing(list_params()), MISSING, cls, "page"),
        "get_by_id": (references(ref).map(lambda i: ((i,), {})), MISSING, cls, "one"),
        "create": (bodies(entity(cls, new=True)), REFUSED, cls, "one"),
        "update": (bodies(changes(cls), references(ref)), REFUSED, cls, "one"),
        "delete": (deleting(ref), MISSING, None, "none"),
        "batch_delete": (
            st.lists(references(ref), min_size=1, max_size=3).map(lambda i: ((i,), {})),
            MISSING,
            BatchDeleteResult,
            "bare",
        ),
        "like": (references(ref).map(lambda i: ((i,), {})), MISSING, cls, "one"),
    }
    found = []
    for name in (*names, *extra):
        args, errors, item, shape = strategies[name]
        calls = st.tuples(at, args).map(_calling(name))
        found.append(_derived(module, name, calls, errors, item, shape))
    return found


def _parent(resource: Resource[Any], kind: str) -> Any:
    def reach(ident: str) -> Resource[Any]:
        return resource.under(**{kind: ident})

    return reach


def _calling(name: str) -> Any:
    def call(drawn: tuple[Resource[Any], Args]) -> Call[Any]:
        at, (args, kwargs) = drawn
        result: Call[Any] = getattr(at, name)(*args, **kwargs)
        return result

    return call


_AGENT_FILTERS = ("org", "user")
# One segment for now: the simulator does not yet look items up by a multi-segment path (the
# builder's encoding of those is pinned by tests/test_conformance.py).
_ITEM_PATHS = st.sampled_from(["readme.md", "/guide.pdf", "a b.txt", "Docs"])
# An id holding a slash is a path of several parts to get_by_path (see _ITEM_PATHS).
_ONE_SEGMENT_IDS = v.ids().filter(lambda i: "/" not in i)
_TOOL_NAMES = st.one_of(
    st.sampled_from(["weather", "web_search", "calculator"]), v.query_texts(1, 12)
)


def _scoped_tools() -> list[Operation]:
    scopes = st.one_of(
        references("user").map(lambda u: tools.scoped(user=u)),
        references("org").map(lambda o: tools.scoped(org=o)),
    )
    return [
        _derived(
            tools, "scoped().get_all", scopes.map(lambda s: s.get_all()), MISSING, Tool, "page"
        ),
        _derived(
            tools,
            "scoped().get_by_name",
            st.tuples(scopes, _TOOL_NAMES).map(lambda a: a[0].get_by_name(a[1])),
            MISSING,
            Tool,
            "first",
        ),
        _derived(
            tools,
            "scoped().create",
            st.tuples(scopes, entity(Tool, new=True)).map(lambda a: a[0].create(a[1])),
            REFUSED,
            Tool,
            "one",
        ),
    ]


#: Errors of an action that the item's state may refuse (a task already running: 409).
STATEFUL = frozenset({404, 409})


def _action(
    module: ModuleType,
    name: str,
    ids: st.SearchStrategy[str],
    rest: st.SearchStrategy[Args],
    errors: frozenset[int],
    item: type[Any],
    shape: str,
    parents: tuple[str, ...] = (),
) -> Operation:
    """An operation on one item beyond CRUD (``tasks.execute``), reached at the bare
    collection or under one of ``parents``, as :func:`_at` reaches the standard ones:
    ``ids`` draws the item, ``rest`` the arguments after it."""
    resource: Resource[Any] = module.resource
    bare = [st.just(resource)] if not resource.needs else []
    under = [references(kind).map(_parent(resource, kind)) for kind in parents]
    args = st.tuples(ids, rest).map(lambda a: ((a[0], *a[1][0]), a[1][1]))
    calls = st.tuples(st.one_of(*bare, *under), args).map(_calling(name))
    return _derived(module, name, calls, errors, item, shape)


def _mostly(*fixtures: str) -> st.SearchStrategy[str]:
    # A fixture's id most of the time, so the actions reach real items in their first state.
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(fixtures) if n < 7 else v.ids())


_NOTHING: st.SearchStrategy[Args] = st.just(((), {}))
_ARGUMENTS = st.dictionaries(
    st.sampled_from(["city", "query", "units", "n"]),
    st.one_of(v.names(), st.integers(-100, 100), st.booleans()),
    max_size=3,
)
_ACCESSORS = st.one_of(
    references("user").map(lambda u: {"user": u}),
    references("agent").map(lambda a: {"agent": a}),
    references("client").map(lambda c: {"client": c}),
)
_ROLES = st.sampled_from(["READ_ONLY", "VIEWER", "EDITOR", "MANAGER"])
_SEARCHES = st.tuples(
    v.query_texts(1, 12).filter(str.strip).map(lambda q: (q,)),
    st.fixed_dictionaries(
        {},
        optional={
            "limit": st.integers(1, 20),
            "params": st.dictionaries(st.sampled_from(["tag", "lang"]), v.names(), max_size=2),
            "exclude": st.lists(v.ids(), max_size=2),
        },
    ),
)


def _access(module: ModuleType, ids: st.SearchStrategy[str], *parents: str) -> list[Operation]:
    grant: st.SearchStrategy[Args] = st.tuples(st.tuples(_ACCESSORS, _ROLES), st.just({}))
    revoke: st.SearchStrategy[Args] = st.tuples(st.tuples(_ACCESSORS), st.just({}))
    return [
        _action(module, "grant_access", ids, grant, MISSING, AccessGrant, "bare", parents),
        _action(module, "revoke_access", ids, revoke, MISSING, AccessRevocation, "bare", parents),
        _action(module, "list_access", ids, _NOTHING, MISSING, AccessList, "bare", parents),
    ]


#: The platform's actions on one item (contract 2.6): models run, agent work, tools, search
#: and access. Valid inputs only; the item's state may still refuse (409).
ACTIONS: tuple[Operation, ...] = (
    _action(
        models,
        "rerank",
        references("model"),
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {"query": v.names(), "documents": st.lists(v.texts(0, 30), max_size=4)}
            ),
        ),
        MISSING,
        RerankResponse,
        "bare",
    ),
    _action(
        models,
        "embeddings",
        references("model"),
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {"input": st.one_of(v.texts(0, 30), st.lists(v.texts(0, 30), min_size=1))}
            ),
        ),
        MISSING,
        EmbeddingResponse,
        "bare",
    ),
    _action(tasks, "execute", _mostly(IDS.task), _NOTHING, STATEFUL, Task, "one", ("agent",)),
    _action(tasks, "interrupt", _mostly(IDS.task), _NOTHING, STATEFUL, Task, "one", ("agent",)),
    _action(
        plans,
        "approve",
        _mostly(IDS.plan),
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {}, optional={"mode": st.sampled_from(["review", "auto_execute"])}
            ),
        ),
        STATEFUL,
        PlanApproval,
        "bare",
    ),
    _action(plans, "execute", _mostly(IDS.plan), _NOTHING, STATEFUL, Plan, "one"),
    _action(triggers, "execute", _mostly(IDS.trigger), _NOTHING, STATEFUL, TriggerExecution, "one"),
    _action(
        tools,
        "execute",
        references("tool"),
        st.tuples(st.tuples(_ARGUMENTS), st.just({})),
        MISSING,
        dict,
        "one",
    ),
    _action(
        agent_tools,
        "execute",
        _mostly(IDS.agent_tool),
        st.tuples(st.tuples(_ARGUMENTS), st.just({})),
        MISSING,
        dict,
        "one",
        ("agent",),
    ),
    _action(
        vector_indexes,
        "search",
        _mostly(IDS.index),
        _SEARCHES,
        MISSING,
        VectorMatch,
        "page",
        ("drive", "org", "user", "app"),
    ),
    _action(
        vector_indexes,
        "reindex",
        _mostly(IDS.index),
        _NOTHING,
        MISSING,
        ReindexResult,
        "bare",
        ("drive", "org", "user", "app"),
    ),
    *_access(drives, _mostly(IDS.drive), "org", "user"),
    *_access(drive_items, _mostly(IDS.folder, IDS.report), "drive"),
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

_FILE_NAMES = st.sampled_from(["a.txt", "report 1.pdf", "ü.md", "data.csv"])
_DRIVES = st.one_of(st.just(IDS.drive), v.ids())
_JOBS = st.one_of(st.just(IDS.upload), v.ids())


def _job_url(drive: str, job: str) -> str:
    # As the platform writes a job's status_url: the versioned path, each id percent-encoded.
    return f"/v1/drive/{quote(drive, safe='')}/upload/{quote(job, safe='')}"


def _file_operations() -> tuple[Operation, ...]:
    # Files (contract 4.3, 4.4): images by entity, and the API side of a drive upload.
    images = tuple(
        _op(
            module,
            "upload_image",
            st.tuples(
                st.tuples(
                    references(kind),
                    st.binary(min_size=1, max_size=64),
                    st.sampled_from(["a.png", "face 1.png", "ü.png"]),
                    st.sampled_from(["image/png", "image/jpeg"]),
                ),
                st.just({}),
            ),
            MISSING,
            item,
            "bare",
        )
        for module, kind, item in (
            (agents, "agent", Agent),
            (apps, "app", App),
            (tools, "tool", Tool),
            (users, "user", User),
            (organizations, "org", Organization),
        )
    )
    announced = st.lists(
        st.builds(uploads.Announced, _FILE_NAMES, st.integers(1, 10**9)), min_size=1, max_size=4
    )
    return (
        *images,
        _op(
            uploads,
            "announce",
            st.tuples(st.tuples(_DRIVES, announced), st.just({})),
            MISSING,
            UploadStart,
            "bare",
        ),
        _op(
            uploads,
            "job_status",
            st.tuples(_DRIVES, _JOBS).map(lambda a: ((_job_url(*a),), {})),
            MISSING,
            UploadJob,
            "one",
        ),
        _op(
            uploads,
            "mark_failed",
            st.tuples(_DRIVES, _JOBS, v.texts(1, 20)).map(
                lambda a: ((_job_url(a[0], a[1]) + "/failed", a[2]), {})
            ),
            MISSING,
            UploadFailure,
            "bare",
        ),
    )


OPERATIONS = (*OPERATIONS, *_file_operations())

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

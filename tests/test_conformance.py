"""Every operation sends exactly what the API reference says: method, path, query and JSON body.

One table row per operation and parameter case. Each row runs through the client group (as a
user calls it) against a ``FakeExecutor``, and through the pure builder of ``mosaia.api``; both
must send the same bytes. Expected requests are written out literally, never derived from the
code under test.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
from returns.result import Failure

import mosaia.api
from mosaia import Mosaia, MosaiaConfig
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Resource
from mosaia.config import prepare
from mosaia.errors import InvalidRequest
from mosaia.http import HttpRequest
from mosaia.multipart import Encoded, Part, encode
from mosaia.request import Call
from mosaia.testing import FakeExecutor, respond
from mosaia.types import App, AppBot, Tool

BASE = "https://api.test"
HELLO = {"messages": [{"role": "user", "content": "hi"}]}
HELLO_JSON = b'{"messages":[{"role":"user","content":"hi"}]}'


class Case(NamedTuple):
    """``group.op(*args, **kwargs)`` sends ``request`` ("METHOD /path?query") with ``body``."""

    group: str
    op: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    request: str
    body: bytes | None = None
    scope: dict[str, Any] = {}  # noqa: RUF012 - read-only default of a NamedTuple field
    #: Parents the collection is reached under (``Resource.under``), outermost first.
    under: dict[str, str] = {}  # noqa: RUF012 - read-only default of a NamedTuple field
    #: The module's collection the row's operation is a method of, when the client group has no
    #: ``under`` (billing, permissions): then the call is run with ``client.run``.
    res: str | None = None
    #: The body's media type when it is not JSON (a multipart upload).
    content_type: str | None = None

    @property
    def id(self) -> str:
        scope = "".join(f"[{k}={v}]" for k, v in (self.scope | self.under).items())
        where = f"{self.group}.{self.res}" if self.res else self.group
        return f"{where}{scope}.{self.op}:{self.request}"


def crud(
    group: str,
    path: str,
    names: dict[str, str] | None = None,
    *,
    under: dict[str, str] | None = None,
    res: str | None = None,
    ops: tuple[str, ...] = ("get_all", "get_by_id", "create", "update", "delete"),
) -> list[Case]:
    """The reference's standard CRUD rows for a collection at ``path`` (seed names mapped by
    ``names``, e.g. billing's ``get_all`` is ``get_wallets``), reached ``under`` parents and
    limited to ``ops`` (read-only collections)."""
    n = {op: op for op in ("get_all", "get_by_id", "create", "update", "delete")} | (names or {})
    rows = [
        Case(group, n["get_all"], (), {}, f"GET {path}"),
        Case(
            group, n["get_all"], ({"limit": 10, "offset": 0},), {}, f"GET {path}?limit=10&offset=0"
        ),
        Case(group, n["get_by_id"], ("i1",), {}, f"GET {path}/i1"),
        Case(group, n["get_by_id"], ("a b/c",), {}, f"GET {path}/a%20b%2Fc"),
        Case(group, n["create"], ({"b": 1, "a": 2},), {}, f"POST {path}", b'{"b":1,"a":2}'),
        Case(group, n["update"], ("i1", {"name": "N"}), {}, f"PUT {path}/i1", b'{"name":"N"}'),
        Case(group, n["delete"], ("i1",), {}, f"DELETE {path}/i1"),
        Case(group, n["delete"], ("i1",), {"force": True}, f"DELETE {path}/i1?force=true"),
        Case(group, n["delete"], ("i1", {"force": True}), {}, f"DELETE {path}/i1?force=true"),
    ]
    kept = {n[op] for op in ops}
    return [c._replace(under=under or {}, res=res) for c in rows if c.op in kept]


def mounts(group: str, path: str, parents: list[dict[str, str]], **kw: Any) -> list[Case]:
    """CRUD rows for the collection at each mount: ``{"org": "o1"}`` is ``/org/o1{path}``."""
    found = []
    for parent in parents:
        prefix = "".join(f"/{kind}/{ident}" for kind, ident in parent.items())
        found += crud(group, prefix + path, under=parent, **kw)
    return found


ORG, USER = {"org": "o1"}, {"user": "u1"}


def prefixed(what: str) -> dict[str, str]:
    """Seed names for a collection operated on as ``get_{what}s``, ``create_{what}``, ..."""
    plural = "access_policies" if what == "access_policy" else what + "s"
    return {
        "get_all": f"get_{plural}",
        "get_by_id": f"get_{what}",
        "create": f"create_{what}",
        "update": f"update_{what}",
        "delete": f"delete_{what}",
    }


def chat(group: str, prefix: str) -> list[Case]:
    """Chat completion rows for a chat target at ``prefix``."""
    async_json = HELLO_JSON[:-1] + b',"type":"async"}'
    return [
        Case(group, "chat_completion", ({"model": "m1", **HELLO},), {},
             f"POST {prefix}/chat/completions",
             b'{"model":"m1","messages":[{"role":"user","content":"hi"}]}'),
        Case(group, "chat_completion", (HELLO,), {"id": "e1"},
             f"POST {prefix}/e1/chat/completions", HELLO_JSON),
        Case(group, "async_chat_completion", (HELLO,), {},
             f"POST {prefix}/chat/completions", async_json),
        Case(group, "async_chat_completion", (HELLO,), {"id": "e1"},
             f"POST {prefix}/e1/chat/completions", async_json),
    ]  # fmt: skip


def one_name_get(group: str, path: str, entity: type[Any]) -> list[Case]:
    """Rows for the seed's ``get()`` / ``get(id)`` / ``get(entity)``."""
    return [
        Case(group, "get", (), {}, f"GET {path}"),
        Case(group, "get", (None, {"limit": 5}), {}, f"GET {path}?limit=5"),
        Case(group, "get", ("i1",), {}, f"GET {path}/i1"),
        Case(group, "get", (entity(id="i2"),), {}, f"GET {path}/i2"),
    ]


AGENT_FILTERS = {
    "limit": 10,
    "offset": 0,
    "search": "assistant",
    "search_type": "chat",
    "search_types": ["name", "tags"],
    "q": "helpful assistant",
    "active": True,
    "public": False,
    "tags": ["a", "b"],
    "external_id": None,
}
AGENT_QUERY = (
    "limit=10&offset=0&search=assistant&search_type=chat&search_types=name&search_types=tags"
    "&q=helpful%20assistant&active=true&public=false&tags=a&tags=b"
)

_IMAGE = encode([Part("file", b"PNG", "a.png", "image/png")])
assert isinstance(_IMAGE, Encoded)
assert isinstance(_IMAGE.body, bytes)
IMAGE: Encoded = _IMAGE
IMAGE_BODY: bytes = _IMAGE.body

CASES: list[Case] = [
    # users
    *crud("users", "/user"),
    Case("users", "get_all", ({"search": "john", "active": True},), {},
         "GET /user?search=john&active=true"),
    Case("users", "create", ({"email": "j@x.test", "first_name": "J"},), {}, "POST /user",
         b'{"email":"j@x.test","first_name":"J"}'),
    Case("users", "get_session", ("u1",), {}, "GET /user/u1/session"),
    # organizations and members
    *crud("organizations", "/org"),
    Case("organizations", "get_members", ("o1",), {}, "GET /org/o1/user"),
    Case("organizations", "get_members", ("o1", {"limit": 2}), {}, "GET /org/o1/user?limit=2"),
    Case("organizations", "get_member", ("o1", "u1"), {}, "GET /org/o1/user/u1"),
    Case("organizations", "add_member", ("o1", {"user": "u1"}), {"permission": "admin"},
         "POST /org/o1/user", b'{"user":"u1","permission":"admin"}'),
    Case("organizations", "update_member", ("o1", "u1", {"permission": "member"}), {},
         "PUT /org/o1/user/u1", b'{"permission":"member"}'),
    Case("organizations", "remove_member", ("o1", "u1"), {}, "DELETE /org/o1/user/u1"),
    Case("organizations", "remove_member", ("o1", "u1"), {"force": True},
         "DELETE /org/o1/user/u1?force=true"),
    # agents
    *crud("agents", "/agent"),
    *chat("agents", "/agent"),
    Case("agents", "get_all", (AGENT_FILTERS,), {}, f"GET /agent?{AGENT_QUERY}"),
    Case("agents", "get_by_id", ("a1", {"export": "full"}), {}, "GET /agent/a1?export=full"),
    # agent groups
    *crud("agent_groups", "/group"),
    *chat("agent_groups", "/group"),
    Case("agent_groups", "get_all", (AGENT_FILTERS,), {}, f"GET /group?{AGENT_QUERY}"),
    Case("agent_groups", "create", ({"name": "T", "agents": ["a1", "a2"]},), {}, "POST /group",
         b'{"name":"T","agents":["a1","a2"]}'),
    # models
    *crud("models", "/model"),
    *chat("models", "/model"),
    Case("models", "get_all", ({"provider": "openai", "public": True},), {},
         "GET /model?provider=openai&public=true"),
    # clients
    *crud("clients", "/client"),
    Case("clients", "get_all", ({"org": "o1", "user": "u1", "active": False},), {},
         "GET /client?org=o1&user=u1&active=false"),
    # billing
    *crud("billing", "/billing/wallet", prefixed("wallet")),
    *crud("billing", "/billing/usage", prefixed("meter")),
    Case("billing", "get_meters", ({"org": "o1", "type": "api_calls"},), {},
         "GET /billing/usage?org=o1&type=api_calls"),
    Case("billing", "create_wallet", ({"balance": 100.0, "currency": "USD"},), {},
         "POST /billing/wallet", b'{"balance":100.0,"currency":"USD"}'),
    # permissions
    *crud("permissions", "/iam/policy", prefixed("access_policy")),
    *crud("permissions", "/iam/permission", prefixed("org_permission")),
    *crud("permissions", "/iam/permission", prefixed("user_permission")),
    Case("permissions", "get_org_permissions", ({"org": "o1", "user": "u1", "client": "c1"},),
         {}, "GET /iam/permission?org=o1&user=u1&client=c1"),
    Case("permissions", "create_access_policy",
         ({"name": "P", "effect": "allow", "actions": ["*"], "resources": ["*"]},), {},
         "POST /iam/policy", b'{"name":"P","effect":"allow","actions":["*"],"resources":["*"]}'),
    # apps
    *crud("apps", "/app"),
    *one_name_get("apps", "/app", App),
    # app bots
    *crud("app_bots", "/bot"),
    *one_name_get("app_bots", "/bot", AppBot),
    Case("app_bots", "create", ({},), {"app": "a1", "response_url": "https://h.test/w"},
         "POST /bot", b'{"app":"a1","response_url":"https://h.test/w"}'),
    Case("app_bots", "create", ({"app": "a1", "tags": ["x"]},), {"app": "a2"},
         "POST /bot", b'{"app":"a2","tags":["x"]}'),
    # tools, unscoped and scoped
    *crud("tools", "/tool"),
    *one_name_get("tools", "/tool", Tool),
    Case("tools", "get_by_name", ("my tool",), {}, "GET /tool?name=my%20tool"),
    *[
        Case("tools", op, args, {}, request, body, scope)
        for scope, prefix in (
            ({"user": "u1"}, "/user/u1"),
            ({"org": "o 1"}, "/org/o%201"),
            ({"user": "u1", "org": "o1"}, "/user/u1"),
        )
        for op, args, request, body in (
            ("get", (), f"GET {prefix}/tool", None),
            ("get", ("t1",), f"GET {prefix}/tool/t1", None),
            ("get_by_name", ("t",), f"GET {prefix}/tool?name=t", None),
            ("get_all", ({"public": True},), f"GET {prefix}/tool?public=true", None),
            ("create", ({"name": "t"},), f"POST {prefix}/tool", b'{"name":"t"}'),
            ("update", ("t1", {"name": "t"}), f"PUT {prefix}/tool/t1", b'{"name":"t"}'),
            ("delete", ("t1",), f"DELETE {prefix}/tool/t1", None),
        )
    ],
]  # fmt: skip


#: Section 2 of the platform contract: every collection at every mount (2.2, 2.7), prefixes
#: stacked, the instance operations of 2.6 and the moved routes of 2.8.
RO = ("get_all", "get_by_id")
PLATFORM: list[Case] = [
    *[c for g in ("agents", "models", "clients", "apps", "tools", "drives", "activities")
      for c in mounts(g, f"/{g.rstrip('s').replace('activitie', 'activity')}", [ORG, USER],
                      **({"ops": RO} if g == "activities" else {}))],
    *crud("activities", "/activity", ops=RO),
    *mounts("app_connectors", "/connector", [{}, {"app": "a1"}]),
    *mounts("app_webhooks", "/hook", [{}, {"app": "a1"}]),
    *mounts("agent_tools", "/tool", [{"agent": "a1"}, {"org": "o1", "agent": "a1"}]),
    *mounts("drives", "/drive", [{}]),
    *mounts("drive_items", "/item", [{"drive": "d1"}]),
    *mounts("upload_jobs", "/upload", [{"drive": "d1"}], ops=RO),
    *mounts("vector_indexes", "/index",
            [{}, {"drive": "d1"}, {"drive": "d1", "item": "i9"}, ORG, USER, {"app": "a1"}]),
    *mounts("vectors", "/vector", [{"index": "x1"}]),
    *mounts("logs", "/log", [{}, {"agent": "a1"}]),
    *mounts("messages", "/message", [{"log": "l1"}]),
    *mounts("snapshots", "/snapshot", [{}, {"log": "l1"}]),
    *mounts("tasks", "/task", [{}, {"agent": "a1"}, {"org": "o1", "agent": "a1"}]),
    *mounts("plans", "/plan", [{}]),
    *mounts("triggers", "/trigger", [{}, {"task": "t1"}]),
    *mounts("memberships", "/user", [ORG]),
    *mounts("memberships", "/org", [USER], res="user_orgs"),
    *mounts("billing", "/billing/wallet", [ORG, USER], res="wallets"),
    *mounts("billing", "/billing/usage", [ORG, USER], res="meters"),
    *mounts("permissions", "/iam/policy", [ORG, USER], res="access_policies"),
    *mounts("permissions", "/iam/permission", [ORG], res="org_permissions"),
    *mounts("permissions", "/iam/permission", [USER], res="user_permissions"),
    # batch delete, any mount
    *[Case(g, "batch_delete", (["x1", "x2"],), {}, f"POST {p}/batch-delete",
           b'{"ids":["x1","x2"]}', under=u)
      for g, p, u in (("agents", "/agent", {}), ("agents", "/org/o1/agent", ORG),
                      ("logs", "/log", {}), ("logs", "/agent/a1/log", {"agent": "a1"}),
                      ("tasks", "/task", {}), ("plans", "/plan", {}),
                      ("drive_items", "/drive/d1/item", {"drive": "d1"}))],
    Case("tasks", "batch_delete", (["t1"],), {"force": True}, "POST /task/batch-delete",
         b'{"ids":["t1"],"delete":true}'),
    # like, no body
    *[Case(g, "like", ("i1",), {}, f"POST /{e}/i1/like")
      for g, e in (("agents", "agent"), ("apps", "app"), ("tools", "tool"), ("models", "model"))],
    Case("agents", "like", ("i1",), {}, "POST /user/u1/agent/i1/like", under=USER),
    # fork
    Case("agents", "fork", ("a1",), {}, "POST /agent/a1/fork"),
    Case("agents", "fork", ("a1", {"name": "Copy"}), {"generate_system_message": False},
         "POST /agent/a1/fork?generate_system_message=false", b'{"name":"Copy"}'),
    # drive items by path
    Case("drive_items", "get_by_path", ("/docs/a b.txt",), {},
         "GET /drive/d1/item/docs/a%20b.txt", under={"drive": "d1"}),
    Case("drive_items", "get_by_path", ("r.pdf",), {"case_sensitive": False},
         "GET /drive/d1/item/r.pdf?caseSensitive=false", under={"drive": "d1"}),
    # member sessions
    Case("memberships", "get_session", ("m1",), {"org": "o1"}, "GET /org/o1/user/m1/session"),
    Case("memberships", "get_session", ("m1",), {"user": "u1"}, "GET /user/u1/org/m1/session"),
    # search, scopes, SSO, notifications
    Case("search", "query", ("weather",), {"search_types": ["agent", "tool"], "limit": 5},
         "GET /search?q=weather&search_types=agent%2Ctool&limit=5"),
    Case("search", "query", (), {"search_type": "app"}, "GET /search?search_type=app"),
    Case("scopes", "get_scopes", (), {}, "GET /scope"),
    Case("sso", "sign_in", ({"mosaia_user": {"id": "u1"}},),
         {"oauth_account": {"type": "oauth", "provider": "google"}}, "POST /sso",
         b'{"mosaia_user":{"id":"u1"},"oauth_account":{"type":"oauth","provider":"google"}}'),
    Case("notifications", "send_email", ("a@b.test", "Hi"), {"html": "<b>x</b>"},
         "POST /notify/email", b'{"to":"a@b.test","subject":"Hi","html":"<b>x</b>"}'),
    # image upload: one multipart part `file` (4.3)
    *[Case(g, "upload_image", ("i1", b"PNG", "a.png", "image/png"), {}, f"POST /{e}/i1{p}",
           IMAGE_BODY, content_type=IMAGE.content_type)
      for g, e, p in (("agents", "agent", "/image/upload"), ("apps", "app", "/image/upload"),
                      ("tools", "tool", "/image/upload"),
                      ("users", "user", "/profile/image/upload"),
                      ("organizations", "org", "/profile/image/upload"))],
    # sign-out carries its token in the JSON body of the DELETE (2.8)
    Case("auth", "sign_out", ("tok",), {}, "DELETE /auth/signout", b'{"token":"tok"}'),
]  # fmt: skip
CASES += PLATFORM

#: The actions of contract 2.6 (issue 16): models run, agent work, tools, index search and
#: access; each answers one JSON request.
WORK = [
    Case("models", "rerank", ("i1",), {"query": "q", "documents": ["a", "b"]},
         "POST /model/i1/rerank", b'{"query":"q","documents":["a","b"]}'),
    Case("models", "embeddings", ("i1", {"input": ["a"]}), {}, "POST /model/i1/embeddings",
         b'{"input":["a"]}'),
    Case("tasks", "execute", ("i1",), {}, "POST /task/i1/execute"),
    Case("tasks", "execute", ("i1",), {"content": "go"}, "POST /agent/a1/task/i1/execute",
         b'{"content":"go"}', under={"agent": "a1"}),
    Case("tasks", "interrupt", ("i1",), {}, "POST /task/i1/interrupt"),
    Case("plans", "approve", ("i1",), {}, "POST /plan/i1/approve", b'{"mode":"review"}'),
    Case("plans", "approve", ("i1", "auto_execute"), {}, "POST /plan/i1/approve",
         b'{"mode":"auto_execute"}'),
    Case("plans", "execute", ("i1", {"content": "c", "role": "user"}), {},
         "POST /plan/i1/execute", b'{"content":"c","role":"user"}'),
    Case("triggers", "execute", ("i1",), {}, "POST /trigger/i1/execute"),
    Case("triggers", "execute", ("i1",), {}, "POST /task/t1/trigger/i1/execute",
         under={"task": "t1"}),
    Case("tools", "execute", ("i1", {"city": "Oslo"}), {}, "POST /tool/i1/execute",
         b'{"city":"Oslo"}'),
    Case("agent_tools", "execute", ("i1", {"n": 1}), {}, "POST /agent/a1/tool/i1/execute",
         b'{"n":1}', under={"agent": "a1"}),
    Case("vector_indexes", "search", ("i1", "red fox"), {}, "GET /index/i1?query=red%20fox"),
    Case("vector_indexes", "search", ("i1", "q"),
         {"limit": 3, "params": {"lang": "en"}, "exclude": ["v1"], "embedding_model_id": "m1",
          "rerank_model_id": "m2"},
         "GET /drive/d1/index/i1?query=q&limit=3&params=%7B%22lang%22%3A%22en%22%7D"
         "&exclude=%5B%22v1%22%5D&embeddingModelId=m1&rerankModelId=m2", under={"drive": "d1"}),
    Case("vector_indexes", "reindex", ("i1",), {}, "POST /index/i1/reindex"),
    Case("drives", "grant_access", ("i1", {"user": "u1"}, "EDITOR"), {}, "POST /drive/i1/access",
         b'{"accessor":{"user":"u1"},"role":"EDITOR"}'),
    Case("drives", "grant_access", ("i1", {"agent": "a1"}),
         {"role": "VIEWER", "options": {"cascade_to_items": True}}, "POST /org/o1/drive/i1/access",
         b'{"accessor":{"agent":"a1"},"role":"VIEWER","options":{"cascade_to_items":true}}',
         under=ORG),
    Case("drives", "revoke_access", ("i1", {"user": "u1"}), {}, "DELETE /drive/i1/access",
         b'{"accessor":{"user":"u1"}}'),
    Case("drives", "list_access", ("i1",), {}, "GET /drive/i1/access"),
    Case("drive_items", "grant_access", ("i1", {"client": "c1"}, "MANAGER"), {},
         "POST /drive/d1/item/i1/access", b'{"accessor":{"client":"c1"},"role":"MANAGER"}',
         under={"drive": "d1"}),
    Case("drive_items", "revoke_access", ("i1", {"client": "c1"}), {},
         "DELETE /drive/d1/item/i1/access", b'{"accessor":{"client":"c1"}}',
         under={"drive": "d1"}),
    Case("drive_items", "list_access", ("i1",), {}, "GET /drive/d1/item/i1/access",
         under={"drive": "d1"}),
]  # fmt: skip
CASES += WORK


def builder(case: Case) -> Any:
    """The pure builder of ``case``'s operation, reached as the row says."""
    module: Any = importlib.import_module(f"mosaia.api.{case.group}")
    if case.res is not None:
        return getattr(getattr(module, case.res).under(**case.under), case.op)
    if case.under:
        return getattr(module.resource.under(**case.under), case.op)
    if case.group == "tools":
        module = module.scoped(**case.scope)
    return getattr(module, case.op)


def run(case: Case, client: Mosaia, args: tuple[Any, ...]) -> Any:
    """``case``'s operation run as a user runs it: through the client group (reached
    ``under`` the row's parents), or with ``client.run`` for a collection the group does not
    expose (billing's and permissions' mounts)."""
    if case.res is not None:
        return client.run(builder(case)(*args, **case.kwargs))
    group = getattr(client, case.group)
    if case.under:
        group = group.under(**case.under)
    return getattr(group, case.op)(*args, **case.kwargs)


def send(case: Case) -> tuple[HttpRequest, list[HttpRequest]]:
    """What the client group sends for ``case``, and what its pure builder prepares."""
    fake = FakeExecutor().add("*", "*", respond(204))
    config = MosaiaConfig(api_key="k", base_url=BASE, **case.scope)
    run(case, Mosaia(config, fake), case.args)
    call: Call[Any] = builder(case)(*case.args, **case.kwargs)
    return prepare(call, config).unwrap(), fake.requests


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_operation_sends_exactly_what_the_reference_says(case: Case) -> None:
    built, sent = send(case)
    assert len(sent) == 1
    request = sent[0]
    url = urlsplit(request.url)
    method, _, target = case.request.partition(" ")
    path, question, query = target.partition("?")
    assert request.method == method
    assert url.path == "/v1" + path
    assert url.query == query
    assert ("?" in request.url) == bool(question)
    assert request.body == case.body
    json = "application/json" if case.body else None
    assert request.header("Content-Type") == (case.content_type or json)
    assert (built.method, built.url, built.body) == (request.method, request.url, request.body)


ID_CASES = [
    c for c in CASES if c.args and c.args[0] == "i1" and c.op not in ("get_by_name", "get")
] + [c for c in CASES if c.op in ("get_member", "update_member", "remove_member")]


@pytest.mark.parametrize("bad", ["", ".", ".."])
@pytest.mark.parametrize("case", ID_CASES, ids=lambda c: c.id)
def test_an_unusable_id_is_refused_and_nothing_is_sent(case: Case, bad: str) -> None:
    position = 1 if case.group == "organizations" and "member" in case.op else 0
    args = (*case.args[:position], bad, *case.args[position + 1 :])
    fake = FakeExecutor().add("*", "*", respond(204))
    client = Mosaia(MosaiaConfig(api_key="k", base_url=BASE, **case.scope), fake)
    result = run(case, client, args)
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), InvalidRequest)
    assert fake.requests == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.organizations.get_members(".."),
        lambda c: c.organizations.add_member("", {"user": "u1"}),
        lambda c: c.apps.get(App()),
        lambda c: c.tools.get_by_name(""),
        lambda c: c.with_config(user="..").tools.get(),
        lambda c: c.with_config(org="").tools.get_all(),
    ],
    ids=["members-of-dotdot", "add-member-no-org", "entity-without-id", "empty-tool-name",
         "dotdot-user-scope", "empty-org-scope"],
)  # fmt: skip
def test_unusable_parents_scopes_and_names_are_refused(call: Any) -> None:
    fake = FakeExecutor().add("*", "*", respond(204))
    result = call(Mosaia(MosaiaConfig(api_key="k", base_url=BASE), fake))
    assert isinstance(result.failure(), InvalidRequest)
    assert fake.requests == []


def public_builders(group: str) -> set[tuple[str, str]]:
    """The operations ``mosaia.api.<group>`` exports: bound CRUD/chat methods, and functions
    defined there that return a ``Call``."""
    module = importlib.import_module(f"mosaia.api.{group}")
    found = set()
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, type):
            continue
        bound = isinstance(getattr(value, "__self__", None), Resource | ChatTarget)
        own = inspect.isfunction(value) and value.__module__ == module.__name__
        if bound or (own and str(inspect.signature(value).return_annotation).startswith("Call[")):
            found.add((group, name))
    return found


def test_every_public_builder_has_a_row() -> None:
    groups = set(mosaia.api.__all__) - {"auth"}  # auth has its own table (test_auth_conformance)
    builders = set().union(*(public_builders(g) for g in groups))
    assert len(builders) > 150
    streamed = {(group, "chat_completion_stream") for group in STREAM_PREFIXES}
    assert builders - {(c.group, c.op) for c in CASES} - streamed == set()


STREAM_PREFIXES = {"agents": "/agent", "agent_groups": "/group", "models": "/model"}


@pytest.mark.parametrize(("group", "prefix"), STREAM_PREFIXES.items())
@pytest.mark.parametrize("entity", [None, "e1"])
def test_a_streamed_completion_sends_stream_true_and_asks_for_events(
    group: str, prefix: str, entity: str | None
) -> None:
    module: Any = importlib.import_module(f"mosaia.api.{group}")
    call = module.chat_completion_stream(HELLO, id=entity)
    request = prepare(call, MosaiaConfig(api_key="k", base_url=BASE)).unwrap()
    path = f"{prefix}/{entity}/chat/completions" if entity else f"{prefix}/chat/completions"
    assert (request.method, urlsplit(request.url).path) == ("POST", "/v1" + path)
    assert request.body == HELLO_JSON[:-1] + b',"stream":true}'
    assert request.header("Accept") == "text/event-stream"

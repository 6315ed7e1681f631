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

from mosaia import Mosaia, MosaiaConfig
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Resource
from mosaia.config import prepare
from mosaia.errors import InvalidRequest
from mosaia.http import HttpRequest
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

    @property
    def id(self) -> str:
        scope = "".join(f"[{k}={v}]" for k, v in self.scope.items())
        return f"{self.group}{scope}.{self.op}:{self.request}"


def crud(group: str, path: str, names: dict[str, str] | None = None) -> list[Case]:
    """The reference's standard CRUD rows for a collection at ``path`` (seed names mapped by
    ``names``, e.g. billing's ``get_all`` is ``get_wallets``)."""
    n = {op: op for op in ("get_all", "get_by_id", "create", "update", "delete")} | (names or {})
    return [
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
    *crud("billing", "/billing/meter", prefixed("meter")),
    Case("billing", "get_meters", ({"org": "o1", "type": "api_calls"},), {},
         "GET /billing/meter?org=o1&type=api_calls"),
    Case("billing", "create_wallet", ({"balance": 100.0, "currency": "USD"},), {},
         "POST /billing/wallet", b'{"balance":100.0,"currency":"USD"}'),
    # permissions
    *crud("permissions", "/iam/policy", prefixed("access_policy")),
    *crud("permissions", "/iam/permission", prefixed("org_permission")),
    *crud("permissions", "/user/permission", prefixed("user_permission")),
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


def send(case: Case) -> tuple[HttpRequest, list[HttpRequest]]:
    """What the client group sends for ``case``, and what its pure builder prepares."""
    fake = FakeExecutor().add("*", "*", respond(204))
    config = MosaiaConfig(api_key="k", base_url=BASE, **case.scope)
    group = getattr(Mosaia(config, fake), case.group)
    getattr(group, case.op)(*case.args, **case.kwargs)
    module: Any = importlib.import_module(f"mosaia.api.{case.group}")
    if case.group == "tools":
        module = module.scoped(**case.scope)
    call: Call[Any] = getattr(module, case.op)(*case.args, **case.kwargs)
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
    assert request.header("Content-Type") == ("application/json" if case.body else None)
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
    group = getattr(
        Mosaia(MosaiaConfig(api_key="k", base_url=BASE, **case.scope), fake), case.group
    )
    result = getattr(group, case.op)(*args, **case.kwargs)
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
    groups: tuple[str, ...] = ("users", "organizations", "agents", "agent_groups", "models")
    groups += ("clients", "billing", "permissions", "apps", "tools", "app_bots")
    builders = set().union(*(public_builders(g) for g in groups))
    assert len(builders) > 80
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

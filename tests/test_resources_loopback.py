"""Every resource group end to end over real HTTP: urllib3 executor -> simulator on 127.0.0.1.

One server serves the whole module (starting and stopping one per test would dominate the run
time); each test starts from an empty simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
import urllib3
from returns.result import Success

from mosaia import Mosaia
from mosaia.errors import BadRequestError, ConflictError, NotFoundError
from mosaia.testing import Simulator, SimulatorServer
from mosaia.types import AccessPolicy, App

HELLO = {"messages": [{"role": "user", "content": "hello"}]}


@pytest.fixture(scope="module")
def shared() -> Iterator[SimulatorServer]:
    with SimulatorServer(Simulator()) as running:
        yield running


@pytest.fixture
def served(shared: SimulatorServer) -> SimulatorServer:
    """The module's server with an empty simulator."""
    for collection in shared.simulator.collections.values():
        collection.docs.clear()
    return shared


@pytest.fixture
def api(served: SimulatorServer) -> Mosaia:
    return Mosaia(served.config())


class Ops(NamedTuple):
    get_all: Callable[..., Any]
    get_by_id: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]


class Kind(NamedTuple):
    """A collection as a client group offers it: its five operations, a valid body, a field
    to change, a list filter that selects what the body created, and changes to the body that
    the filter leaves out."""

    name: str
    ops: Callable[[Mosaia], Ops]
    body: dict[str, Any]
    change: tuple[str, Any]
    selects: dict[str, Any]
    unselected: dict[str, Any]


def crud(group: str) -> Callable[[Mosaia], Ops]:
    def ops(client: Mosaia) -> Ops:
        g = getattr(client, group)
        return Ops(g.get_all, g.get_by_id, g.create, g.update, g.delete)

    return ops


def named(group: str, what: str, plural: str) -> Callable[[Mosaia], Ops]:
    def ops(client: Mosaia) -> Ops:
        g = getattr(client, group)
        return Ops(
            getattr(g, f"get_{plural}"),
            getattr(g, f"get_{what}"),
            getattr(g, f"create_{what}"),
            getattr(g, f"update_{what}"),
            getattr(g, f"delete_{what}"),
        )

    return ops


DESCRIBED = {"name": "Nova", "short_description": "helps"}
TOOL = {"short_description": "s", "tool_schema": "{}"}
KINDS = [
    Kind("users", crud("users"), {"email": "a@x.test"}, ("first_name", "Ada"), {"search": "a@x"},
         {"email": "b@y.test"}),
    Kind("organizations", crud("organizations"), {"name": "Acme"}, ("image", "B"),
         {"search": "acm"}, {"name": "Other"}),
    Kind("agent_groups", crud("agent_groups"), {**DESCRIBED, "agents": ["a1"]}, ("public", True),
         {"search": "nova"}, {"name": "Zed"}),
    Kind("models", crud("models"), {**DESCRIBED, "provider": "openai", "model_id": "gpt-x"},
         ("max_tokens", 9), {"provider": "openai"}, {"provider": "anthropic"}),
    Kind("clients", crud("clients"), {"name": "Web", "client_id": "w", "org": "o1"},
         ("scopes", ["read"]), {"org": "o1"}, {"org": "o2"}),
    Kind("apps", crud("apps"), {**DESCRIBED, "tags": ["x"]}, ("image", "i.png"), {"tags": ["x"]},
         {"tags": ["y"]}),
    Kind("tools", crud("tools"), {"name": "t", **TOOL}, ("url", "https://t.test"), {"name": "t"},
         {"name": "u"}),
    Kind("app_bots", crud("app_bots"), {"app": "a1", "response_url": "https://h.test"},
         ("agent", "ag1"), {"app": "a1"}, {"app": "a2"}),
    Kind("wallets", named("billing", "wallet", "wallets"),
         {"balance": 5, "currency": "USD", "user": "u1"}, ("balance", 7.5), {"user": "u1"},
         {"user": "u2"}),
    Kind("meters", named("billing", "meter", "meters"), {"type": "tokens", "value": 3},
         ("value", 4.0), {"type": "tokens"}, {"type": "calls"}),
    Kind("access_policies", named("permissions", "access_policy", "access_policies"),
         {"name": "P", "effect": "deny", "actions": ["x"], "resources": ["*"]},
         ("effect", "allow"), {"search": "p", "active": True}, {"name": "Q"}),
    Kind("org_permissions", named("permissions", "org_permission", "org_permissions"),
         {"org": "o1", "client": "c1", "policy": "p1"}, ("policy", "p2"), {"client": "c1"},
         {"client": "c2"}),
    Kind("user_permissions", named("permissions", "user_permission", "user_permissions"),
         {"user": "u1", "client": "c1", "policy": "p1"}, ("policy", "p2"), {"user": "u1"},
         {"user": "u2"}),
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_create_get_update_filter_and_delete(kind: Kind, api: Mosaia) -> None:
    ops = kind.ops(api)
    created = ops.create(kind.body).unwrap()
    assert ops.get_by_id(created.id) == Success(created)
    field, value = kind.change
    updated = ops.update(created.id, {field: value}).unwrap()
    assert getattr(updated, field) == value
    assert [e.id for e in ops.get_all(kind.selects).unwrap().items] == [created.id]
    assert ops.delete(created.id) == Success(None)
    assert ops.get_by_id(created.id).unwrap().active is False
    assert ops.get_all({"active": False}).unwrap().items[0].id == created.id
    assert ops.delete(created.id, force=True) == Success(None)
    assert isinstance(ops.get_by_id(created.id).failure(), NotFoundError)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_list_filter_leaves_out_what_it_does_not_select(kind: Kind, api: Mosaia) -> None:
    ops = kind.ops(api)
    ops.create(kind.body).unwrap()
    ops.create({**kind.body, **kind.unselected}).unwrap()
    assert len(ops.get_all(kind.selects).unwrap()) == 1
    assert len(ops.get_all().unwrap()) == 2


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_create_without_a_required_field_is_a_validation_error(kind: Kind, api: Mosaia) -> None:
    failure = kind.ops(api).create({"description": "nothing required"}).failure()
    assert isinstance(failure, BadRequestError)
    assert failure.code == "VALIDATION_ERROR"


def test_lists_page_with_limit_and_offset(api: Mosaia) -> None:
    for n in range(5):
        api.billing.create_meter({"type": "calls", "value": n}).unwrap()
    page = api.billing.get_meters({"limit": 2, "offset": 2}).unwrap()
    assert [m.value for m in page.items] == [2.0, 3.0]
    assert page.paging is not None
    assert (page.paging.total, page.paging.page, page.paging.total_pages) == (5, 2, 3)


# --- tools: scope and get_by_name -----------------------------------------------------------


def test_tools_follow_the_configured_user_or_org_scope(served: SimulatorServer) -> None:
    sim = served.simulator
    u1, u2 = (sim.insert("/user", {"email": e})["id"] for e in ("1@x.test", "2@x.test"))
    org = sim.insert("/org", {"name": "Acme"})["id"]
    as_u1, as_u2 = (Mosaia(served.config(user=u)) for u in (u1, u2))
    as_org = Mosaia(served.config(org=org))
    mine = as_u1.tools.create({"name": "mine", **TOOL}).unwrap()
    ours = as_org.tools.create({"name": "ours", **TOOL}).unwrap()
    assert (mine.user, ours.org) == (u1, org)
    assert [t.name for t in as_u1.tools.get().unwrap().items] == ["mine"]
    assert [t.name for t in as_org.tools.get().unwrap().items] == ["ours"]
    assert as_u2.tools.get().unwrap().items == []
    assert isinstance(as_u2.tools.get(mine.id or "").failure(), NotFoundError)
    assert len(Mosaia(served.config()).tools.get().unwrap()) == 2


def test_get_by_name_returns_the_first_match_or_none(api: Mosaia) -> None:
    first = api.tools.create({"name": "search", **TOOL}).unwrap()
    api.tools.create({"name": "search", **TOOL}).unwrap()
    assert api.tools.get_by_name("search") == Success(first)
    assert api.tools.get_by_name("absent") == Success(None)


def test_tools_of_an_unknown_user_are_not_found(served: SimulatorServer) -> None:
    failure = Mosaia(served.config(user="nobody")).tools.get().failure()
    assert isinstance(failure, NotFoundError)
    assert failure.code == "USER_NOT_FOUND"


# --- one-name get ---------------------------------------------------------------------------


ONE_NAME_GET = {
    "apps": DESCRIBED,
    "tools": TOOL,
    "app_bots": {"app": "a1", "response_url": "https://h.test"},
}


@pytest.mark.parametrize("group", ONE_NAME_GET)
def test_get_lists_or_fetches_by_id_or_entity(group: str, api: Mosaia) -> None:
    g = getattr(api, group)
    created = g.create(ONE_NAME_GET[group]).unwrap()
    assert [e.id for e in g.get().unwrap().items] == [created.id]
    assert g.get(created.id) == Success(created)
    assert g.get(created) == Success(created)


def test_apps_get_accepts_the_seed_interface(api: Mosaia) -> None:
    created = api.apps.create(DESCRIBED).unwrap()
    assert api.apps.get(App(id=created.id)).unwrap().name == "Nova"


def test_app_bot_create_takes_keyword_fields(api: Mosaia) -> None:
    bot = api.app_bots.create({}, app="a1", response_url="https://h.test/w").unwrap()
    assert (bot.app, bot.response_url) == ("a1", "https://h.test/w")


# --- organizations: members -----------------------------------------------------------------


@pytest.fixture
def org_and_user(served: SimulatorServer) -> tuple[str, str]:
    sim = served.simulator
    return sim.insert("/org", {"name": "Acme"})["id"], sim.insert("/user", {"email": "m@x"})["id"]


def test_members_are_added_listed_changed_and_removed(
    api: Mosaia, org_and_user: tuple[str, str]
) -> None:
    org, user = org_and_user
    orgs = api.organizations
    added = orgs.add_member(org, {"user": user, "permission": "member"}).unwrap()
    assert (added.org, added.user, added.permission) == (org, user, "member")
    assert orgs.get_member(org, user) == Success(added)
    assert [m.user for m in orgs.get_members(org).unwrap().items] == [user]
    changed = orgs.update_member(org, user, permission="admin").unwrap()
    assert (changed.permission, changed.org) == ("admin", org)
    assert orgs.remove_member(org, user, force=True) == Success(None)
    assert orgs.get_members(org).unwrap().items == []


def test_a_user_is_a_member_only_once(api: Mosaia, org_and_user: tuple[str, str]) -> None:
    org, user = org_and_user
    api.organizations.add_member(org, user=user, permission="member").unwrap()
    again = api.organizations.add_member(org, user=user, permission="admin")
    assert isinstance(again.failure(), ConflictError)


def test_members_of_another_org_are_not_visible(
    served: SimulatorServer, api: Mosaia, org_and_user: tuple[str, str]
) -> None:
    org, user = org_and_user
    other = served.simulator.insert("/org", {"name": "Other"})["id"]
    api.organizations.add_member(org, user=user, permission="member").unwrap()
    assert api.organizations.get_members(other).unwrap().items == []
    assert isinstance(api.organizations.get_member(other, user).failure(), NotFoundError)


def test_members_of_an_unknown_org_are_not_found(api: Mosaia) -> None:
    failure = api.organizations.get_members("nope").failure()
    assert isinstance(failure, NotFoundError)
    assert failure.code == "ORGANIZATION_NOT_FOUND"


# --- users: session -------------------------------------------------------------------------


def test_a_user_session_token_authenticates_as_a_bearer(
    served: SimulatorServer, api: Mosaia
) -> None:
    user = api.users.create({"email": "s@x.test"}).unwrap()
    token = api.users.get_session(user.id or "").unwrap().token
    assert token
    as_user = Mosaia(served.config(api_key=token))
    assert as_user.users.get_by_id(user.id or "").unwrap().email == "s@x.test"


def test_the_session_of_an_unknown_user_is_not_found(api: Mosaia) -> None:
    assert isinstance(api.users.get_session("nobody").failure(), NotFoundError)


# --- chat with groups and models ------------------------------------------------------------


def test_agent_group_chat_by_model_field_and_by_id(api: Mosaia) -> None:
    group = api.agent_groups.create({"name": "Team", "short_description": "t"}).unwrap()
    by_model = api.agent_groups.chat_completion({"model": group.id, **HELLO}).unwrap()
    by_id = api.agent_groups.chat_completion(HELLO, id=group.id).unwrap()
    assert by_model.content == by_id.content == "Team heard: hello"


def test_chat_with_an_unknown_group_is_not_found(api: Mosaia) -> None:
    failure = api.agent_groups.chat_completion({"model": "nope", **HELLO}).failure()
    assert isinstance(failure, NotFoundError)
    assert failure.code == "AGENT_GROUP_NOT_FOUND"


@pytest.mark.parametrize("key", ["id", "name", "model_id"])
def test_a_model_answers_by_id_name_or_model_id(key: str, api: Mosaia) -> None:
    body = {"name": "Mini", "short_description": "m", "provider": "openai", "model_id": "gpt-m"}
    model = api.models.create(body).unwrap()
    reply = api.models.chat_completion({"model": getattr(model, key), **HELLO}).unwrap()
    assert (reply.content, reply.model, reply.object) == (
        "Mini heard: hello",
        "gpt-m",
        "chat.completion",
    )


def test_a_model_answers_bare_as_openai_does(served: SimulatorServer, api: Mosaia) -> None:
    api.models.create(
        {"name": "Mini", "short_description": "m", "provider": "openai", "model_id": "gpt-m"}
    ).unwrap()
    answer = urllib3.request(
        "POST",
        f"{served.url}/v1/model/chat/completions",
        json={"model": "gpt-m", **HELLO},
        headers={"Authorization": f"Bearer {served.simulator.api_key}"},
    ).json()
    assert answer["object"] == "chat.completion"
    assert "data" not in answer


# --- embedded references --------------------------------------------------------------------


def test_an_embedded_policy_decodes_as_an_access_policy(
    served: SimulatorServer, api: Mosaia
) -> None:
    policy: dict[str, Any] = {
        "id": "p1",
        "name": "Admin",
        "effect": "allow",
        "actions": ["*"],
        "resources": ["*"],
    }
    stored = served.simulator.insert("/iam/permission", {"org": "o1", "policy": policy})
    found = api.permissions.get_org_permission(stored["id"]).unwrap()
    assert found.policy == AccessPolicy(**policy)

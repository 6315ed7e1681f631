"""The simulator's routes are one explicit table of data: built from the feature modules' route
tuples, the more specific pattern answering whatever the declaration order, and the generic CRUD
serving any declared collection at its path and below its mounts."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing import DEFAULT_API_KEY, IDS, Simulator
from mosaia.testing._sim import (
    ROUTES,
    Route,
    RouteTable,
    SimRequest,
    access,
    auth_routes,
    chat,
    operations,
    relay,
    resources,
    storage,
    work,
)
from mosaia.testing._sim.core import CRUD_ROUTES
from mosaia.testing._sim.crud import crud_routes
from mosaia.testing._sim.store import CollectionSpec, Mount
from mosaia.testing._sim.world import World


def _answer(sim: World, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    return HttpResponse(status=200)


def test_the_table_is_the_feature_modules_routes_and_nothing_else() -> None:
    crud = CRUD_ROUTES
    assert [(r.method, r.pattern) for r in crud] == [
        (r.method, r.pattern) for r in resources.ROUTES
    ]  # the CRUD routes, a drive's item creation taking files and an index's GET searches too
    declared = {*crud, *operations.ROUTES, *auth_routes.ROUTES, *chat.ROUTES, *work.ROUTES}
    declared |= {*access.ROUTES, *relay.ROUTES, *storage.ROUTES}
    assert set(ROUTES.routes) == declared
    assert len(ROUTES) == len(declared)
    assert set(Simulator().collections) == {spec.path for spec in resources.COLLECTIONS}


def test_a_route_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="GET /agent is declared twice"):
        RouteTable([Route("GET", "/agent", _answer)], [Route("get", "/agent", _answer)])


def test_a_literal_segment_wins_over_a_parameter_whatever_the_declaration_order() -> None:
    session = Route("GET", "/user/{id}/session", _answer)
    permission = Route("GET", "/user/permission/{id}", _answer)
    for table in (RouteTable([session, permission]), RouteTable([permission, session])):
        found = table.resolve("GET", "/user/permission/session")
        assert found.route is permission
        assert found.params == {"id": "session"}


@given(st.permutations(ROUTES.routes))
def test_the_order_routes_are_declared_in_never_changes_which_answers(
    shuffled: list[Route],
) -> None:
    table = RouteTable(shuffled)
    paths = [
        "/user/permission/session",
        "/user/u1/session",
        "/org/o1/user/u1",
        "/agent/chat/completions",
    ]
    for method in ("GET", "POST", "PUT", "DELETE"):
        for path in paths:
            assert table.resolve(method, path) == ROUTES.resolve(method, path)


def test_a_path_with_the_wrong_method_lists_the_methods_it_allows() -> None:
    found = ROUTES.resolve("PATCH", "/agent/a1")
    assert found.route is None
    assert found.allowed == ("DELETE", "GET", "PUT")
    assert ROUTES.resolve("GET", "/nothing/here") == (None, {}, ())


def test_a_trailing_slash_routes_like_none(sim: Simulator) -> None:
    # One route pattern language: the simulator reads paths as the fake executor and the fault
    # knobs do, where a trailing slash carries no meaning (it used to be a 404 here alone).
    sim.insert("/agent", {"name": "Slash", "short_description": "s"})
    answer = sim.handle(_get("/v1/agent/"))
    assert answer.status == 200
    assert [doc["name"] for doc in msgspec.json.decode(answer.body)["data"]] == ["Slash"]


def test_every_mount_names_parents_the_simulator_holds() -> None:
    held = set(Simulator().collections)
    for spec in resources.COLLECTIONS:
        for mount in spec.mounts:
            assert set(mount.parents.values()) <= held, mount


def test_a_mount_template_names_its_parents_by_the_path_before_them() -> None:
    mount = Mount("/org/{org}/agent/{agent}/task")
    assert mount.fields == ("org", "agent")
    assert mount.parents == {"org": "/org", "agent": "/agent"}
    assert Mount("/billing/wallet/{wallet}/log").parents == {"wallet": "/billing/wallet"}
    with pytest.raises(ValueError, match="`id` names the item"):
        Mount("/agent/{id}/task")  # `id` is the item's own


# --- a collection declared once, served at its path and below nested parents ------------------

ORGS = CollectionSpec("/org", "organization", required=("name",))
AGENTS = CollectionSpec("/agent", "agent", required=("name",), mounts=("/org/{org}/agent",))
TASKS = CollectionSpec(
    "/task",
    "task",
    required=("title",),
    mounts=("/agent/{agent}/task", "/org/{org}/agent/{agent}/task"),
)


class Platform:
    """A world of three declared collections and their generated CRUD, driven by method and
    path as the simulator drives its own table."""

    def __init__(self) -> None:
        self.world = World(api_key="k", clock=lambda: 0.0, collections=(ORGS, AGENTS, TASKS))
        self.table = RouteTable(crud_routes((ORGS, AGENTS, TASKS)))

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        found = self.table.resolve(method, path)
        assert found.route is not None, f"{method} {path} is not served"
        raw = b"" if body is None else msgspec.json.encode(body)
        request = SimRequest(method, path, {}, {}, raw, "k")
        answer = found.route.handler(self.world, request, found.params)
        return answer.status, msgspec.json.decode(answer.body) if answer.body else None


def test_a_declared_collection_is_served_at_its_path_and_below_each_mount() -> None:
    api = Platform()
    org = api("POST", "/org", {"name": "Acme"})[1]["data"]["id"]
    agent = api("POST", f"/org/{org}/agent", {"name": "Scout"})[1]["data"]
    assert agent["org"] == org  # the mount sets the parent reference

    status, made = api("POST", f"/org/{org}/agent/{agent['id']}/task", {"title": "dig"})
    assert status == 200
    assert (made["data"]["org"], made["data"]["agent"]) == (org, agent["id"])
    api("POST", "/task", {"title": "loose"})

    assert [t["title"] for t in api("GET", f"/agent/{agent['id']}/task")[1]["data"]] == ["dig"]
    assert [t["title"] for t in api("GET", "/task")[1]["data"]] == ["dig", "loose"]
    assert api("GET", f"/org/{org}/agent")[1]["data"] == [agent]


def test_below_a_mount_an_unknown_parent_is_a_404_naming_it() -> None:
    api = Platform()
    org = api("POST", "/org", {"name": "Acme"})[1]["data"]["id"]
    status, body = api("GET", f"/org/{org}/agent/nope/task")
    assert status == 404
    assert body["error"]["code"] == "AGENT_NOT_FOUND"
    status, body = api("POST", "/org/nope/agent", {"name": "x"})
    assert (status, body["error"]["code"]) == (404, "ORGANIZATION_NOT_FOUND")


def test_below_a_mount_only_the_parents_items_are_found() -> None:
    api = Platform()
    a1 = api("POST", "/agent", {"name": "one"})[1]["data"]["id"]
    a2 = api("POST", "/agent", {"name": "two"})[1]["data"]["id"]
    task = api("POST", f"/agent/{a1}/task", {"title": "t"})[1]["data"]["id"]
    assert api("GET", f"/agent/{a1}/task/{task}")[0] == 200
    assert api("GET", f"/agent/{a2}/task/{task}")[0] == 404
    assert api("PUT", f"/agent/{a1}/task/{task}", {"agent": a2})[1]["data"]["agent"] == a1


def test_an_org_member_is_addressed_by_its_user_id_below_its_org() -> None:
    member = Simulator.with_fixtures().handle(_get(f"/v1/org/{IDS.org}/user/{IDS.ada}"))
    assert msgspec.json.decode(member.body)["data"]["id"] == IDS.ada_membership


def _get(path: str) -> HttpRequest:
    auth = ("Authorization", f"Bearer {DEFAULT_API_KEY}")
    return HttpRequest(method="GET", url="https://simulator.invalid" + path, headers=(auth,))

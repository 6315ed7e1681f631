"""The simulator serves today's platform (``platform-2026.md`` 2.2, 2.3, 2.6, 2.7, 2.8, 4.6,
4.9), statefully, over raw HTTP: every new collection at each of its mounts, nested children
filtered by their parent, stacked prefixes, batch delete, likes, forks, search, scopes, strict
body types, the activity trail and sign-out with a JSON body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import urlencode

import pytest
import urllib3
from hypothesis import given, settings
from hypothesis import strategies as st

from mosaia.testing import Simulator, SimulatorServer


class Answer(NamedTuple):
    status: int
    body: Any

    @property
    def data(self) -> Any:
        return self.body["data"]


class Api:
    """Raw HTTP to the served simulator, JSON in and out, as any language's client would."""

    def __init__(self, server: SimulatorServer) -> None:
        self.base = f"{server.url}/v1"
        self.key = server.simulator.api_key
        self.pool = urllib3.PoolManager(retries=False)

    def __call__(
        self, method: str, path: str, body: Any = None, bearer: str | None = None, **query: Any
    ) -> Answer:
        url = self.base + path + (f"?{urlencode(query)}" if query else "")
        headers = {"Authorization": f"Bearer {bearer or self.key}"}
        raw = None if body is None else json.dumps(body).encode()
        if raw is not None:
            headers["Content-Type"] = "application/json"
        reply = self.pool.request(method, url, body=raw, headers=headers)
        return Answer(reply.status, json.loads(reply.data) if reply.data else None)

    def make(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self("POST", path, body)
        assert answer.status == 200, answer.body
        made: dict[str, Any] = answer.data
        return made

    def ids(self, path: str, **query: Any) -> list[str]:
        answer = self("GET", path, **query)
        assert answer.status == 200, answer.body
        return [doc["id"] for doc in answer.data]


@pytest.fixture(scope="module")
def served() -> Iterator[SimulatorServer]:
    with SimulatorServer(Simulator()) as running:
        yield running


@pytest.fixture
def api(served: SimulatorServer) -> Api:
    return Api(served)


@pytest.fixture
def world(api: Api) -> dict[str, str]:
    """Parents for every mount: a user, an org, an org agent, an app, a drive with a folder, a
    log, a task and a vector index."""
    user = api.make("/user", {"email": "ada@x.test"})["id"]
    org = api.make("/org", {"name": "Acme"})["id"]
    agent = api.make(f"/org/{org}/agent", {"name": "Scout", "description": "finds"})["id"]
    app = api.make("/app", {"name": "Desk", "description": "helps"})["id"]
    drive = api.make(f"/user/{user}/drive", {"name": "Docs"})["id"]
    folder = api.make(f"/drive/{drive}/item", {"name": "f", "item_type": "FOLDER"})["id"]
    log = api.make(f"/agent/{agent}/log", {"name": "chat"})["id"]
    task = api.make(f"/agent/{agent}/task", {"content": "# dig"})["id"]
    index = api.make("/index", {"name": "idx"})["id"]
    tool = api.make("/tool", {"name": "t", "description": "d", "tool_schema": {}})["id"]
    return {
        "user": user,
        "org": org,
        "agent": agent,
        "app": app,
        "drive": drive,
        "folder": folder,
        "log": log,
        "task": task,
        "index": index,
        "tool": tool,
    }


# (mount template, a body to create there, the reference the mount sets or None)
MOUNTS = [
    ("/drive", {"name": "D"}, None),
    ("/org/{org}/drive", {"name": "D"}, "org"),
    ("/user/{user}/drive", {"name": "D"}, "user"),
    ("/drive/{drive}/item", {"name": "a.txt", "mime_type": "text/plain"}, "drive"),
    ("/drive/{drive}/upload", {"name": "a.txt", "status": "PENDING", "size": 3}, "drive"),
    ("/index", {"name": "I"}, None),
    ("/drive/{drive}/index", {"name": "I"}, "drive"),
    ("/drive/{drive}/item/{folder}/index", {"name": "I"}, "folder"),
    ("/org/{org}/index", {"name": "I"}, "org"),
    ("/user/{user}/index", {"name": "I"}, "user"),
    ("/app/{app}/index", {"name": "I"}, "app"),
    ("/index/{index}/vector", {"embedding": [0.1, 0.2]}, "index"),
    ("/log", {"name": "L"}, None),
    ("/agent/{agent}/log", {"name": "L"}, "agent"),
    ("/log/{log}/message", {"role": "user", "content": "hi"}, "log"),
    ("/snapshot", {"source": "s", "data": {"k": 1}}, None),
    ("/log/{log}/snapshot", {"data": {"k": 1}}, "source"),
    ("/task", {"content": "# t"}, None),
    ("/agent/{agent}/task", {"content": "# t"}, "agent"),
    ("/org/{org}/agent/{agent}/task", {"content": "# t"}, "agent"),
    ("/plan", {"content": "# p"}, None),
    ("/trigger", {"type": "MANUAL"}, None),
    ("/task/{task}/trigger", {"type": "MANUAL"}, "task"),
    ("/agent/{agent}/tool", {"tool": "{tool}"}, "agent"),
    ("/connector", {"app": "{app}"}, None),
    ("/app/{app}/connector", {}, "app"),
    ("/hook", {"app": "{app}", "url": "https://h.test"}, None),
    ("/app/{app}/hook", {"url": "https://h.test", "event": "REQUEST"}, "app"),
    ("/org/{org}/user", {"user": "{user}", "permission": "USER"}, "org"),
    ("/user/{user}/org", {"org": "{org}"}, "user"),
    ("/billing/usage", {"type": "tokens", "value": 3}, None),
    ("/billing/meter", {"type": "tokens", "value": 3}, None),
    ("/org/{org}/billing/usage", {"type": "tokens", "value": 3}, "org"),
    ("/user/{user}/billing/wallet", {"usd_balance": 5.0}, "user"),
    ("/org/{org}/billing/wallet", {"usd_balance": 5.0}, "org"),
    (
        "/org/{org}/iam/policy",
        {"name": "p", "effect": "allow", "actions": [], "resources": []},
        "org",
    ),
    (
        "/user/{user}/iam/policy",
        {"name": "p", "effect": "allow", "actions": [], "resources": []},
        "user",
    ),
    ("/org/{org}/iam/permission", {"policy": "p1"}, "org"),
    ("/user/{user}/iam/permission", {"policy": "p1"}, "user"),
]


def _fill(value: Any, world: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**world) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("template", "body", "ref"), MOUNTS, ids=[m[0] for m in MOUNTS])
def test_each_collection_has_crud_at_each_mount(
    api: Api, world: dict[str, str], template: str, body: dict[str, Any], ref: str | None
) -> None:
    path = template.format(**world)
    made = api.make(path, _fill(body, world))
    if ref is not None:
        assert made[ref] == world[ref if ref != "source" else "log"]
    # A membership below a user is addressed by its org, below an org by its user.
    key = {"/org/{org}/user": "user", "/user/{user}/org": "org"}.get(template)
    address = made[key] if key else made["id"]
    assert made["id"] in api.ids(path)
    assert api("GET", f"{path}/{address}").data["id"] == made["id"]
    changed = api("PUT", f"{path}/{address}", {"tags": ["x"]})
    assert (changed.status, changed.data["tags"]) == (200, ["x"])
    assert api("DELETE", f"{path}/{address}", force="true").status == 204
    assert api("GET", f"{path}/{address}").status == 404


def test_nested_children_are_filtered_by_their_parent(api: Api, world: dict[str, str]) -> None:
    other = api.make("/agent", {"name": "Other", "description": "x"})["id"]
    mine = api.make(f"/agent/{world['agent']}/task", {"content": "mine"})["id"]
    theirs = api.make(f"/agent/{other}/task", {"content": "theirs"})["id"]
    assert mine in api.ids(f"/agent/{world['agent']}/task")
    assert theirs not in api.ids(f"/agent/{world['agent']}/task")
    assert {mine, theirs} <= set(api.ids("/task"))
    assert api("GET", f"/agent/{other}/task/{mine}").status == 404
    message = api.make(f"/log/{world['log']}/message", {"content": "hi"})["id"]
    second_log = api.make("/log", {"name": "other"})["id"]
    assert api.ids(f"/log/{second_log}/message") == []
    assert api.ids(f"/log/{world['log']}/message") == [message]


def test_prefixes_stack_and_the_inner_parent_must_be_the_outer_ones(
    api: Api, world: dict[str, str]
) -> None:
    org, agent = world["org"], world["agent"]
    made = api.make(f"/org/{org}/agent/{agent}/task", {"content": "# deep"})
    assert (made["org"], made["agent"]) == (org, agent)
    assert made["id"] in api.ids(f"/agent/{agent}/task")
    assert made["id"] in api.ids(f"/org/{org}/agent/{agent}/task")
    stranger = api.make("/org", {"name": "Elsewhere"})["id"]
    lost = api("GET", f"/org/{stranger}/agent/{agent}/task")
    assert (lost.status, lost.body["error"]["code"]) == (404, "AGENT_NOT_FOUND")
    assert api("GET", f"/org/{org}/agent/nope/log").status == 404


def test_lists_take_the_2026_filters_and_paging(api: Api, world: dict[str, str]) -> None:
    drive = world["drive"]
    pdf = api.make(f"/drive/{drive}/item", {"name": "a.pdf", "mime_type": "application/pdf"})
    api.make(f"/drive/{drive}/item", {"name": "b.txt", "mime_type": "text/plain", "tags": ["x"]})
    tagged = api.make(f"/drive/{drive}/item", {"name": "c.txt", "tags": ["y"], "external_id": "e"})
    items = f"/drive/{drive}/item"
    assert api.ids(items, mime_type="application/pdf") == [pdf["id"]]
    assert len(api.ids(items, tags="x,y")) == 2
    assert api.ids(items, external_id="e") == [tagged["id"]]
    assert api.ids(items, q="c.t") == [tagged["id"]]
    page = api("GET", items, limit=2, offset=1)
    assert (len(page.data), page.body["paging"]["total"]) == (2, 4)
    api("DELETE", f"{items}/{pdf['id']}")
    assert pdf["id"] not in api.ids(items, active="true")
    job = api.make(f"/drive/{drive}/upload", {"name": "x", "status": "FAILED"})
    api.make(f"/drive/{drive}/upload", {"name": "y", "status": "PENDING"})
    assert api.ids(f"/drive/{drive}/upload", status="FAILED") == [job["id"]]


@pytest.mark.parametrize("collection", ["/agent", "/log", "/task", "/plan", "items"])
def test_batch_delete_deletes_each_known_id_and_reports_each_unknown_one(
    api: Api, world: dict[str, str], collection: str
) -> None:
    path = f"/drive/{world['drive']}/item" if collection == "items" else collection
    body = {"name": "n", "description": "d", "content": "c"}
    made = [api.make(path, body)["id"] for _ in range(2)]
    answer = api("POST", f"{path}/batch-delete", {"ids": [made[0], "missing", made[1]]})
    assert answer.status == 200
    assert answer.data["deleted"] == made
    assert [f["id"] for f in answer.data["failed"]] == ["missing"]
    assert all(api("GET", f"{path}/{i}").data["active"] is False for i in made)
    hard = api("POST", f"{path}/batch-delete", {"ids": made, "delete": True})
    assert hard.data["deleted"] == made
    assert all(api("GET", f"{path}/{i}").status == 404 for i in made)
    assert api("POST", f"{path}/batch-delete", {"ids": []}).status == 400


def test_batch_delete_below_a_parent_only_reaches_its_children(
    api: Api, world: dict[str, str]
) -> None:
    loose = api.make("/task", {"content": "loose"})["id"]
    answer = api("POST", f"/agent/{world['agent']}/task/batch-delete", {"ids": [loose]})
    assert (answer.data["deleted"], answer.data["failed"][0]["id"]) == ([], loose)


@pytest.mark.parametrize("kind", ["agent", "app", "tool", "model"])
def test_a_like_toggles_and_a_second_like_undoes_it(api: Api, kind: str) -> None:
    body = {
        "name": "n",
        "description": "d",
        "tool_schema": {},
        "api_type": "openai",
        "model": "gpt-x",
    }
    made = api.make(f"/{kind}", body)
    once = api("POST", f"/{kind}/{made['id']}/like")
    assert (once.status, once.data["liked"], once.data["likes"]) == (200, True, 1)
    twice = api("POST", f"/{kind}/{made['id']}/like").data
    assert (twice["liked"], twice["likes"]) == (False, 0)
    assert api("POST", f"/{kind}/{'0' * 24}/like").status == 404


def test_a_fork_is_a_new_agent_copied_from_the_source(api: Api, world: dict[str, str]) -> None:
    source = api("GET", f"/agent/{world['agent']}").data
    fork = api("POST", f"/agent/{source['id']}/fork", {"name": "Scout II"})
    assert fork.status == 200
    assert fork.data["id"] != source["id"]
    assert fork.data["forked"]["from"] == source["id"]
    assert (fork.data["name"], fork.data["description"]) == ("Scout II", "finds")
    assert fork.data["id"] in api.ids("/agent")
    assert api("POST", f"/agent/{'0' * 24}/fork").status == 404


def test_search_finds_created_agents_and_apps_by_kind(api: Api) -> None:
    agent = api.make("/agent", {"name": "Zebra finder", "description": "d"})["id"]
    app = api.make("/app", {"name": "Zebra desk", "description": "d"})["id"]
    found = api("GET", "/search", q="zebra", search_types="agent,app")
    assert found.status == 200
    assert [a["id"] for a in found.data["agents"]] == [agent]
    assert [a["id"] for a in found.data["apps"]] == [app]
    assert "tools" not in found.data
    assert found.body["paging"]["agents"]["total"] == 1
    one = api("GET", "/search", q="zebra", search_type="app").data
    assert list(one) == ["apps"]
    assert api("GET", "/search", search_types="group").status == 400


def test_scopes_sso_and_email_notifications(api: Api, world: dict[str, str]) -> None:
    scopes = api("GET", "/scope").data["scopes"]
    assert scopes
    assert all(isinstance(s["name"], str) for s in scopes)
    sso = api("POST", "/sso", {"mosaia_user": {"id": world["user"]}, "oauth_account": {}})
    assert sso.data["type"] == "Bearer"
    assert api("GET", "/scope", bearer=sso.data["token"]).status == 200
    assert api("POST", "/sso", {"oauth_account": {}}).status == 400
    sent = api("POST", "/notify/email", {"to": "a@x.test", "subject": "Hi", "text": "Hello"})
    assert sent.data["success"] is True
    assert sent.data["messageId"]
    assert api("POST", "/notify/email", {"to": "a@x.test", "subject": "Hi"}).status == 400


def test_an_org_member_session_is_a_working_token(api: Api, world: dict[str, str]) -> None:
    org, user = world["org"], world["user"]
    api.make(f"/org/{org}/user", {"user": user, "permission": "USER"})
    for path in (f"/org/{org}/user/{user}/session", f"/user/{user}/org/{org}/session"):
        session = api("GET", path)
        assert session.status == 200
        assert api("GET", "/self", bearer=session.data["access_token"]).status == 200
    assert api("GET", f"/org/{org}/user/{'0' * 24}/session").status == 404


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/agent", {"name": 7, "description": "d"}, "$.name"),
        ("/agent", {"name": "n", "description": "d", "model": [1]}, "$.model"),
        ("/drive", {"name": "D", "max_size": "big"}, "$.max_size"),
        ("/task", {"content": "c", "status": "SOMEDAY"}, "$.status"),
        ("/trigger", {"pause_on_completion": "yes"}, "$.pause_on_completion"),
    ],
)
def test_a_wrong_typed_field_is_a_400_naming_it_and_nothing_is_stored(
    api: Api, path: str, body: dict[str, Any], field: str
) -> None:
    before = api.ids(path)
    answer = api("POST", path, body)
    assert (answer.status, answer.body["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert field in answer.body["error"]["message"]
    assert api.ids(path) == before


def test_a_wrong_typed_update_changes_nothing(api: Api, world: dict[str, str]) -> None:
    agent = f"/agent/{world['agent']}"
    answer = api("PUT", agent, {"public": "very"})
    assert answer.status == 400
    assert "$.public" in answer.body["error"]["message"]
    assert "public" not in api("GET", agent).data


def test_entities_keep_todays_shapes_and_july_bodies_still_work(api: Api) -> None:
    today = api.make("/agent", {"name": "A", "description": "d", "model": ["m1", "m2"]})
    assert (today["model"], today["description"]) == (["m1", "m2"], "d")
    july = api.make("/agent", {"name": "B", "short_description": "s", "model": "m1"})
    assert july["model"] == "m1"


def test_activity_rows_are_recorded_in_order_and_are_read_only(api: Api) -> None:
    start = api("GET", "/activity", all="true").data
    since = start[-1]["id"] if start else "0"
    org = api.make("/org", {"name": "Audited"})["id"]
    agent = api.make(f"/org/{org}/agent", {"name": "A", "description": "d"})
    api("PUT", f"/agent/{agent['id']}", {"name": "A2"})
    drive = api.make("/drive", {"name": "D"})
    api("DELETE", f"/agent/{agent['id']}")
    rows = api("GET", "/activity", since=since).data
    assert [(r["resource"], r["operation"]) for r in rows] == [
        ("agent", "create"),
        ("agent", "update"),
        ("drive", "create"),
        ("agent", "delete"),
    ]
    assert rows[0]["resource_id"] == agent["id"]
    assert rows[0]["org"] == org
    assert rows[1]["payload"]["name"] == "A2"
    assert [r["id"] for r in api("GET", f"/org/{org}/activity").data] == [
        r["id"] for r in rows if r.get("org") == org
    ]
    agents = api("GET", "/activity", since=since, resource="agent", operation="update").data
    assert [r["resource_id"] for r in agents] == [agent["id"]]
    assert drive["id"] == rows[2]["resource_id"]
    assert api("POST", "/activity", {"resource": "agent"}).status == 405
    assert api("DELETE", f"/activity/{rows[0]['id']}").status == 405


def test_sign_out_revokes_the_token_named_in_a_json_body(api: Api, world: dict[str, str]) -> None:
    tokens = [
        api("POST", "/sso", {"mosaia_user": {"id": world["user"]}}).data["token"] for _ in range(2)
    ]
    assert all(api("GET", "/scope", bearer=t).status == 200 for t in tokens)
    # Signed out with the API key, naming the token to revoke in the body: only that one goes.
    assert api("DELETE", "/auth/signout", {"token": tokens[0]}).status == 204
    assert api("GET", "/scope", bearer=tokens[0]).status == 401
    assert api("GET", "/scope", bearer=tokens[1]).status == 200
    # July's form, `?token=`, still works.
    assert api("DELETE", "/auth/signout", token=tokens[1]).status == 204
    assert api("GET", "/scope", bearer=tokens[1]).status == 401


def test_meters_answer_at_the_old_and_the_new_path(api: Api) -> None:
    meter = api.make("/billing/usage", {"type": "tokens", "value": 2})["id"]
    assert api("GET", f"/billing/meter/{meter}").data["id"] == meter


@settings(max_examples=20, deadline=None)
@given(likes=st.integers(min_value=0, max_value=6))
def test_likes_an_even_number_of_times_leave_the_entity_unliked(
    served: SimulatorServer, likes: int
) -> None:
    api = Api(served)
    made = api.make("/app", {"name": "n", "description": "d"})["id"]
    for _ in range(likes):
        last = api("POST", f"/app/{made}/like").data
    final = api("GET", f"/app/{made}").data
    assert final.get("liked", False) is (likes % 2 == 1)
    if likes:
        assert last["likes"] == likes % 2

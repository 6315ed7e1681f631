"""The platform's collections, reached the one way (``under``): a bad parent, an unknown parent
kind, a batch delete without ids, a parentless nested collection are refused as
``InvalidRequest`` and nothing is sent; every body-taking builder takes the seed's three body
patterns alike; a group's ``under`` is a new group and leaves the client's own unchanged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from returns.result import Failure
from wire import sent_bytes

from mosaia import Mosaia, MosaiaConfig
from mosaia.api import (
    agents,
    app_connectors,
    drive_items,
    drives,
    logs,
    memberships,
    messages,
    permissions,
    plans,
    sso,
    tasks,
    triggers,
    vector_indexes,
    vectors,
)
from mosaia.errors import InvalidRequest
from mosaia.request import Call
from mosaia.testing import FakeExecutor, respond
from mosaia.types import Agent, AppConnector, Drive, Log, Plan, Task, Trigger, VectorIndex


def client() -> tuple[Mosaia, FakeExecutor]:
    fake = FakeExecutor().add("*", "*", respond(204))
    return Mosaia(MosaiaConfig(api_key="k", base_url="https://api.test"), fake), fake


REFUSED: dict[str, Callable[[Mosaia], Any]] = {
    "empty parent id": lambda c: c.tasks.under(agent="").get_all(),
    "dot-dot parent id": lambda c: c.logs.under(agent="..").get_by_id("l1"),
    "unusable outer parent": lambda c: c.tasks.under(org="\n", agent="a1").create(name="t"),
    "unknown parent kind": lambda c: c.tasks.under(galaxy="g1").get_all(),
    "drive items without a drive": lambda c: c.drive_items.get_all(),
    "upload jobs without a drive": lambda c: c.upload_jobs.get_by_id("j1"),
    "vectors without an index": lambda c: c.vectors.create(text="x"),
    "messages without a log": lambda c: c.messages.get_all(),
    "agent tools without an agent": lambda c: c.agent_tools.get_all(),
    "members without an org": lambda c: c.memberships.get_all(),
    "empty batch delete": lambda c: c.agents.batch_delete([]),
    "batch delete of a non-string id": lambda c: c.tasks.batch_delete(["t1", 7]),  # type: ignore[list-item]
    "batch delete of an empty id": lambda c: c.plans.batch_delete([""]),
    "batch delete of a bare string": lambda c: c.logs.batch_delete("l1"),  # type: ignore[arg-type]
    "batch delete under a bad parent": lambda c: c.drive_items.under(drive="").batch_delete(["i"]),
    "like an empty id": lambda c: c.apps.like(""),
    "fork a dot-dot id": lambda c: c.agents.fork(".."),
    "empty item path": lambda c: c.drive_items.under(drive="d1").get_by_path(""),
    "item path with ..": lambda c: c.drive_items.under(drive="d1").get_by_path("a/../b"),
    "member session without a side": lambda c: c.memberships.get_session("m1"),
    "member session of an empty member": lambda c: c.memberships.get_session("", org="o1"),
    "email without a subject": lambda c: c.notifications.send_email("a@b.test", ""),
    "user permissions under an empty user": lambda c: c.run(
        permissions.user_permissions.under(user="").get_all()
    ),
}


@pytest.mark.parametrize("call", REFUSED.values(), ids=REFUSED.keys())
def test_a_bad_parent_id_or_id_list_is_refused_and_nothing_is_sent(call: Any) -> None:
    mosaia, fake = client()

    result = call(mosaia)

    assert isinstance(result, Failure)
    assert isinstance(result.failure(), InvalidRequest)
    assert fake.requests == []


def test_an_unknown_parent_kind_is_named_in_the_refusal() -> None:
    mosaia, _ = client()

    error = mosaia.tasks.under(galaxy="g1").get_all().failure()

    assert "galaxy" in str(error)
    assert "agent" in str(error)  # the refusal lists the kinds there are


def test_a_groups_under_is_a_new_group_and_the_clients_own_is_unchanged() -> None:
    mosaia, fake = client()

    scoped = mosaia.tasks.under(agent="a1")
    scoped.get_all()
    mosaia.tasks.get_all()

    assert type(scoped) is type(mosaia.tasks)
    assert scoped is not mosaia.tasks
    assert [r.url for r in fake.requests] == [
        "https://api.test/v1/agent/a1/task",
        "https://api.test/v1/task",
    ]


def test_under_stacks_outer_prefixes() -> None:
    mosaia, fake = client()

    mosaia.tasks.under(agent="a1").under(org="o1").get_all()

    assert fake.requests[0].url == "https://api.test/v1/org/o1/agent/a1/task"


#: Every builder that takes a body, with the path arguments before it.
BODY_BUILDERS: dict[str, tuple[Callable[..., Call[Any]], tuple[Any, ...], type[Any]]] = {
    "agents.create": (agents.create, (), Agent),
    "agents.update": (agents.update, ("a1",), Agent),
    "agents.fork": (agents.fork, ("a1",), Agent),
    "drives.create": (drives.create, (), Drive),
    "drive_items.update": (drive_items.resource.under(drive="d1").update, ("i1",), Drive),
    "vector_indexes.create": (vector_indexes.create, (), VectorIndex),
    "vectors.update": (vectors.resource.under(index="x1").update, ("v1",), VectorIndex),
    "logs.create": (logs.create, (), Log),
    "messages.create": (messages.resource.under(log="l1").create, (), Log),
    "tasks.update": (tasks.resource.under(agent="a1").update, ("t1",), Task),
    "plans.create": (plans.create, (), Plan),
    "triggers.create": (triggers.create, (), Trigger),
    "app_connectors.update": (app_connectors.update, ("c1",), AppConnector),
    "memberships.create": (memberships.members.under(org="o1").create, (), Agent),
    "sso.sign_in": (sso.sign_in, (), Agent),
}


@pytest.mark.parametrize(("builder", "before", "struct"), BODY_BUILDERS.values(),
                         ids=BODY_BUILDERS.keys())  # fmt: skip
def test_every_builder_takes_a_struct_a_dict_or_keywords_alike(
    builder: Callable[..., Call[Any]], before: tuple[Any, ...], struct: type[Any]
) -> None:
    # Fields every entity has, so the Struct carries them all.
    fields = {"external_id": "e1", "active": False}

    as_struct = builder(*before, msgspec.convert(fields, struct))
    as_dict = builder(*before, fields)
    as_keywords = builder(*before, **fields)

    # A Struct sends its fields in its own declared order; the JSON object is the same.
    sent = [
        msgspec.json.decode(sent_bytes(c.request.body)) for c in (as_struct, as_dict, as_keywords)
    ]
    assert sent == [fields, fields, fields]
    assert all(call.problem is None for call in (as_struct, as_dict, as_keywords))

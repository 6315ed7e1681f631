"""Typed body keywords and entity targets, as a user's type checker sees them: a misspelt field
in ``create``/``update``/``chat_completion`` is a mypy error naming it, Structs and mappings are
still taken as bodies, and an entity (whose ``id`` is optional) is accepted wherever an id is.

The checks run mypy itself (``mypy.api``) over a user's snippet; the bodies are held to the entity
Structs they mirror; the run-time half (an entity without an id) is an ``InvalidRequest``."""

from __future__ import annotations

import re
import textwrap
import typing
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wire import sent_bytes

from mosaia import Mosaia, MosaiaConfig
from mosaia._types import bodies
from mosaia.api import agents, drive_items, messages, tasks
from mosaia.config import prepare
from mosaia.errors import InvalidRequest
from mosaia.request import Call
from mosaia.testing import Simulator
from mosaia.types import Agent, Drive, Log, Task

KEY = MosaiaConfig(api_key="k")

SNIPPET = """
from mosaia import Mosaia
from mosaia.api import agents, tasks
from mosaia.types import Agent

client = Mosaia()
agent: Agent = client.agents.create(name="x", short_description="y").unwrap()
client.agents.create(Agent(name="x"))
client.agents.create({"name": "x", "anything": 1})
client.agents.update(agent, temperature=0.2, model=["m1", "m2"])
client.agents.get_by_id(agent)
client.agents.delete(agent, force=True)
client.agents.like(agent)
client.agents.batch_delete([agent, "a2"])
client.tasks.under(agent=agent).create(name="t", agent=agent)
client.agents.chat_completion(id=agent, messages=[{"role": "user", "content": "hi"}])
tasks.create(name="t", content="# t")
client.agents.create(name="x", short_descripton="y")  # BAD 1
agents.update("a1", temprature=0.2)  # BAD 2
client.models.create(name="m", max_token=5)  # BAD 3
client.agents.chat_completion(id=agent, mesages=[])  # BAD 4
client.drives.create(name=3)  # BAD 5
"""


@pytest.fixture(scope="module")
def mypy_says(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    """mypy --strict's errors on :data:`SNIPPET`, by line."""
    api = pytest.importorskip("mypy.api")
    cache = tmp_path_factory.mktemp("mypy-cache")
    source = tmp_path_factory.mktemp("snippet") / "snippet.py"
    source.write_text(textwrap.dedent(SNIPPET))
    stdout, _, _ = api.run(
        ["--strict", "--cache-dir", str(cache), "--no-error-summary", str(source)]
    )
    found: dict[int, str] = {}
    for line in stdout.splitlines():
        match = re.match(r".*snippet\.py:(\d+): error: (.*)", line)
        if match:
            found.setdefault(int(match[1]), match[2])
    return found


def test_a_misspelt_body_keyword_is_a_type_error_naming_it(mypy_says: dict[int, str]) -> None:
    lines = textwrap.dedent(SNIPPET).splitlines()
    bad = {number: line for number, line in enumerate(lines, 1) if "# BAD" in line}
    assert set(mypy_says) == set(bad), mypy_says
    assert '"short_descripton"' in mypy_says[min(bad)]
    assert 'did you mean "short_description"' in mypy_says[min(bad)]
    assert '"temprature"' in mypy_says[min(bad) + 1]
    assert '"max_token"' in mypy_says[min(bad) + 2]
    assert '"mesages"' in mypy_says[min(bad) + 3]


ENTITY_OF = {
    "AgentBody": "Agent",
    "ModelBody": "Model",
    "AppBody": "App",
    "ToolBody": "Tool",
    "UserBody": "User",
    "OrganizationBody": "Organization",
    "ClientBody": "Client",
    "DriveBody": "Drive",
    "DriveItemBody": "DriveItem",
    "TaskBody": "Task",
    "PlanBody": "Plan",
    "TriggerBody": "Trigger",
    "LogBody": "Log",
    "MessageBody": "Message",
}
SERVER_SET = {"id", "created_at", "updated_at", "record_history"}


@pytest.mark.parametrize(("body", "entity"), ENTITY_OF.items())
def test_each_body_holds_every_field_of_its_entity_but_those_the_server_sets(
    body: str, entity: str
) -> None:
    import mosaia.types

    struct = getattr(mosaia.types, entity)
    keys = set(typing.get_type_hints(getattr(bodies, body)))
    assert keys == set(struct.__struct_fields__) - SERVER_SET


def test_the_chat_body_holds_every_field_of_the_chat_request() -> None:
    from mosaia.types import ChatCompletionRequest

    keys = set(typing.get_type_hints(bodies.ChatBody))
    assert keys == set(ChatCompletionRequest.__struct_fields__)


@given(ident=st.text(alphabet="abcdef0123456789", min_size=1, max_size=12))
def test_an_entity_addresses_the_same_item_as_its_id(ident: str) -> None:
    agent = Agent(id=ident, name="x")
    pairs: list[tuple[Call[Any], Call[Any]]] = [
        (agents.get_by_id(ident), agents.get_by_id(agent)),
        (agents.update(ident, name="y"), agents.update(agent, name="y")),
        (agents.delete(ident), agents.delete(agent)),
        (agents.like(ident), agents.like(agent)),
        (agents.batch_delete([ident]), agents.batch_delete([agent])),
        (tasks.resource.under(agent=ident).get_all(), tasks.resource.under(agent=agent).get_all()),
        (tasks.create(name="t", agent=ident), tasks.create(name="t", agent=agent)),
        (agents.chat_completion(id=ident), agents.chat_completion(id=agent)),
        (agents.chat_completion(model=ident), agents.chat_completion(model=agent)),
    ]
    for by_id, by_entity in pairs:
        assert prepare(by_entity, KEY) == prepare(by_id, KEY)


@pytest.mark.parametrize(
    "call",
    [
        agents.get_by_id(Agent(name="never created")),
        agents.update(Agent(name="x"), name="y"),
        agents.delete(Agent()),
        agents.like(Agent()),
        agents.batch_delete([Agent(id="a1"), Agent()]),
        drive_items.resource.under(drive=Drive(name="d")).get_all(),
        messages.resource.under(log=Log()).create(role="user", content="hi"),
        tasks.create(name="t", agent=Agent(name="no id")),
        agents.chat_completion(id=Agent()),
        agents.chat_completion(model=Agent(name="no id")),
    ],
    ids=lambda call: f"{call.request.method} {call.request.path}",
)
def test_an_entity_without_an_id_is_an_invalid_request_and_nothing_is_sent(
    call: Call[Any],
) -> None:
    sim = Simulator()
    result = Mosaia(sim.config(), sim).run(call)
    assert isinstance(result.failure(), InvalidRequest)
    assert sim.requests == []


def test_structs_and_mappings_are_still_bodies() -> None:
    as_struct = prepare(agents.create(Agent(name="x", short_description="y")), KEY).unwrap()
    as_mapping = prepare(agents.create({"name": "x", "short_description": "y"}), KEY).unwrap()
    assert msgspec.json.decode(sent_bytes(as_struct.body)) == msgspec.json.decode(
        sent_bytes(as_mapping.body)
    )
    created = prepare(tasks.create(Task(name="t"), content="# t"), KEY).unwrap()
    assert msgspec.json.decode(sent_bytes(created.body)) == {"name": "t", "content": "# t"}

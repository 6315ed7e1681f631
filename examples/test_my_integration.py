"""Testing your own code that uses mosaia: a pytest suite you can copy.

Run it with ``python examples/test_my_integration.py`` (or with ``pytest`` and the file's path).
The code under test is the two functions at the top, standing in for yours. The tests use the
testing kit that ships with the SDK (:mod:`mosaia.testing`); none needs a network or an account:

- the ``Simulator`` in-process, for logic that depends on state (create, then find);
- the same simulator served on 127.0.0.1, to go through the real urllib3 executor;
- ``Faults``, to see what your code does when Mosaia fails;
- ``FakeExecutor``, to pin down exactly what your code sends;
- hypothesis with ``mosaia.testing.strategies``, to try your code on inputs you did not think of.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from returns.result import Failure, Result, Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.errors import MosaiaError
from mosaia.testing import (
    FakeExecutor,
    Faults,
    Simulator,
    SimulatorServer,
    error,
    ok,
    page,
    strategies,
)
from mosaia.types import Agent

# --- your code ---------------------------------------------------------------------------------

FALLBACK = "Sorry, the assistant is unavailable right now. A person will get back to you."


def ensure_agent(client: Mosaia, name: str, description: str) -> Result[Agent, MosaiaError]:
    """The agent called ``name``, created first if there is none: set-up code that is safe to
    run on every deploy."""

    def existing_or_new(found: list[Agent]) -> Result[Agent, MosaiaError]:
        for agent in found:
            if agent.name == name:
                return Success(agent)
        return client.agents.create(name=name, short_description=description)

    return client.agents.get_all({"search": name}).map(lambda p: p.items).bind(existing_or_new)


def support_reply(client: Mosaia, agent: Agent | str, question: str) -> str:
    """What the help desk shows a customer: the agent's answer, or a polite fallback."""
    reply = client.agents.chat_completion(
        model=agent, messages=[{"role": "user", "content": question}], max_tokens=200
    )
    return reply.map(lambda completion: completion.content or FALLBACK).value_or(FALLBACK)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def sim() -> Simulator:
    """A fresh, empty simulator for each test."""
    return Simulator()


@pytest.fixture
def client(sim: Simulator) -> Mosaia:
    """A client whose executor is the simulator itself: no sockets, fast."""
    return Mosaia(sim.config(), sim)


@pytest.fixture
def served_client(sim: Simulator) -> Iterator[Mosaia]:
    """A client talking real HTTP, through the default urllib3 executor, to ``sim`` on
    127.0.0.1."""
    with SimulatorServer(sim) as server:
        yield Mosaia(server.config())


# --- tests -------------------------------------------------------------------------------------


def test_ensure_agent_creates_the_agent_once(client: Mosaia, sim: Simulator) -> None:
    first = ensure_agent(client, "Support", "Answers customers").unwrap()
    second = ensure_agent(client, "Support", "Answers customers").unwrap()
    assert first.id == second.id
    assert [doc["name"] for doc in sim.state["/agent"]] == ["Support"]


def test_ensure_agent_ignores_agents_whose_name_merely_contains_it(client: Mosaia) -> None:
    other = client.agents.create(name="Support (old)", short_description="retired").unwrap()
    made = ensure_agent(client, "Support", "Answers customers").unwrap()
    assert made.id != other.id


def test_ensure_agent_works_over_http(served_client: Mosaia, sim: Simulator) -> None:
    agent = ensure_agent(served_client, "Support", "Answers customers").unwrap()
    assert agent.id in {doc["id"] for doc in sim.state["/agent"]}


def test_support_reply_is_the_agents_answer(client: Mosaia) -> None:
    agent = ensure_agent(client, "Support", "Answers customers").unwrap()
    assert support_reply(client, agent, "Where is my order?") == (
        "Support heard: Where is my order?"
    )


def test_support_reply_falls_back_when_mosaia_fails(sim: Simulator, client: Mosaia) -> None:
    agent = ensure_agent(client, "Support", "Answers customers").unwrap()
    sim.faults = Faults(statuses={("POST", "/agent/chat/completions"): 503})
    assert support_reply(client, agent, "Where is my order?") == FALLBACK


def test_support_reply_sends_the_question_and_a_token_limit() -> None:
    fake = FakeExecutor().add(
        "POST", "/agent/chat/completions", ok({"choices": [{"message": {"content": "Hi!"}}]})
    )
    client = Mosaia(MosaiaConfig(api_key="test-key"), fake)
    assert support_reply(client, "a1", "Hello?") == "Hi!"
    fake.assert_called(
        "POST",
        "/agent/chat/completions",
        json={
            "model": "a1",
            "messages": [{"role": "user", "content": "Hello?"}],
            "max_tokens": 200,
        },
    )


def test_ensure_agent_reports_a_failing_listing_and_creates_nothing() -> None:
    fake = (
        FakeExecutor()
        .add("GET", "/agent", error(500, code="INTERNAL", message="database unavailable"))
        .add("POST", "/agent", ok({"id": "a1"}))
    )
    result = ensure_agent(Mosaia(MosaiaConfig(api_key="test-key"), fake), "Support", "x")
    assert isinstance(result, Failure)
    assert result.failure().message == "database unavailable"
    fake.assert_not_called("POST", "/agent")


def test_ensure_agent_picks_the_exact_name_among_search_results() -> None:
    fake = FakeExecutor().add(
        "GET",
        "/agent",
        page([{"id": "a1", "name": "Support Bot"}, {"id": "a2", "name": "Support"}]),
    )
    found = ensure_agent(Mosaia(MosaiaConfig(api_key="test-key"), fake), "Support", "x")
    assert found.map(lambda agent: agent.id) == Success("a2")
    fake.assert_not_called("POST", "/agent")


@settings(max_examples=25, deadline=None)
@given(strategies.agents(new=True))
def test_ensure_agent_is_idempotent_for_any_agent(agent: Agent) -> None:
    sim = Simulator()
    client = Mosaia(sim.config(), sim)
    name, description = agent.name or "unnamed", agent.short_description or "-"
    first = ensure_agent(client, name, description)
    second = ensure_agent(client, name, description)
    # The same agent both times, or the same failure both times. Hypothesis found the failure:
    # a name with a NUL cannot go into the search query, so the SDK refuses the call
    # (InvalidRequest) before sending anything, and no agent is created.
    assert first.map(lambda a: a.id) == second.map(lambda a: a.id)
    assert len(sim.state["/agent"]) == (1 if isinstance(first, Success) else 0)


if __name__ == "__main__":
    # A fresh interpreter, so pytest loads its plugins before anything imports hypothesis.
    command = [sys.executable, "-m", "pytest", __file__, "-p", "no:cacheprovider"]
    raise SystemExit(subprocess.call(command))  # noqa: S603 - our own interpreter and file

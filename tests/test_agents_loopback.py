"""Agents end to end over real HTTP: urllib3 executor -> served simulator on 127.0.0.1."""

from __future__ import annotations

from returns.result import Failure, Success

from mosaia import Mosaia
from mosaia.errors import AuthenticationError, NotFoundError, TransportError
from mosaia.testing import Simulator, SimulatorServer
from mosaia.types import Agent

HELLO = {"messages": [{"role": "user", "content": "hello"}]}


def make_agent(client: Mosaia, name: str = "Ada") -> Agent:
    return client.agents.create({"name": name, "short_description": "helps"}).unwrap()


def test_create_then_get_returns_the_same_agent(client: Mosaia) -> None:
    created = make_agent(client)
    assert created.id is not None
    assert client.agents.get_by_id(created.id) == Success(created)


def test_list_pages_with_limit_and_offset(client: Mosaia) -> None:
    for name in ("a", "b", "c"):
        make_agent(client, name)
    page = client.agents.get_all({"limit": 2, "offset": 1}).unwrap()
    assert [a.name for a in page.items] == ["b", "c"]
    assert page.paging is not None
    assert (page.paging.total, page.paging.limit, page.paging.offset) == (3, 2, 1)


def test_search_filters_the_list(client: Mosaia) -> None:
    make_agent(client, "Support bot")
    make_agent(client, "Sales bot")
    names = [a.name for a in client.agents.get_all({"search": "support"}).unwrap().items]
    assert names == ["Support bot"]


def test_update_changes_only_the_given_fields(client: Mosaia) -> None:
    agent = make_agent(client)
    assert agent.id is not None
    updated = client.agents.update(agent.id, {"name": "Grace"}).unwrap()
    assert (updated.name, updated.short_description) == ("Grace", "helps")


def test_soft_delete_deactivates_and_force_removes(client: Mosaia) -> None:
    agent = make_agent(client)
    assert agent.id is not None
    assert client.agents.delete(agent.id) == Success(None)
    assert client.agents.get_by_id(agent.id).unwrap().active is False
    assert client.agents.delete(agent.id, force=True) == Success(None)
    assert isinstance(client.agents.get_by_id(agent.id).failure(), NotFoundError)


def test_chat_completion_by_model_field(client: Mosaia) -> None:
    agent = make_agent(client)
    reply = client.agents.chat_completion({"model": agent.id, **HELLO}).unwrap()
    assert reply.content == "Ada heard: hello"
    assert reply.usage is not None


def test_chat_completion_by_agent_id_path(client: Mosaia) -> None:
    agent = make_agent(client)
    reply = client.agents.chat_completion(HELLO, id=agent.id).unwrap()
    assert reply.choices[0].finish_reason == "stop"


def test_a_missing_agent_is_a_not_found_failure_with_request_id(client: Mosaia) -> None:
    result = client.agents.get_by_id("missing")
    assert isinstance(result, Failure)
    error = result.failure()
    assert isinstance(error, NotFoundError)
    assert (error.status, error.code) == (404, "AGENT_NOT_FOUND")
    assert error.request_id is not None


def test_a_wrong_key_is_an_authentication_failure(server: SimulatorServer) -> None:
    client = Mosaia(server.config(api_key="wrong"))
    assert isinstance(client.agents.get_all().failure(), AuthenticationError)


def test_the_simulator_accepts_the_key_it_was_given() -> None:
    sim = Simulator(api_key="my-test-key")
    with SimulatorServer(sim) as server:
        assert isinstance(Mosaia(server.config()).agents.get_all(), Success)


def test_a_refused_connection_is_a_transport_failure_not_an_exception(
    server: SimulatorServer,
) -> None:
    client = Mosaia(server.config(base_url="http://127.0.0.1:9", max_retries=0))
    error = client.agents.get_all().failure()
    assert isinstance(error, TransportError)
    assert error.sent is False


def test_the_served_simulator_shares_state_with_in_process_use(
    local: Mosaia, client: Mosaia
) -> None:
    served = make_agent(client)
    assert served.id is not None
    assert local.agents.get_by_id(served.id) == Success(served)


def test_a_raw_streaming_call_run_whole_folds_its_events(client: Mosaia) -> None:
    from mosaia.api import agents

    agent = make_agent(client)
    folded = client.run(agents.chat_completion({"model": agent.id, "stream": True, **HELLO}))
    assert folded.map(lambda c: c.content) == Success("Ada heard: hello")


def test_an_executor_keeps_working_after_its_pools_are_closed(server: SimulatorServer) -> None:
    from mosaia.executors import Urllib3Executor

    executor = Urllib3Executor()
    client = Mosaia(server.config(max_retries=0), executor)
    assert isinstance(client.agents.get_all(), Success)
    executor.close()
    assert isinstance(client.agents.get_all(), Success)

"""Cassettes: what a recording writes (redacted), and how replaying serves it back."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from returns.result import Failure, Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.api import agents, auth, clients
from mosaia.errors import TransportError
from mosaia.executors import Urllib3Executor
from mosaia.testing import Player, Recorder, SimulatorServer, cassette
from mosaia.testing._cassettes import load
from mosaia.testing._sim.auth import follow_authorize
from mosaia.testing._sim.fixtures import (
    ADA_EMAIL,
    ADA_PASSWORD,
    CLIENT_ID,
    CLIENT_SECRET,
    IDS,
    REDIRECT_URIS,
)
from mosaia.types import Agent

ELSEWHERE = MosaiaConfig(api_key="replay-key", base_url="https://replayed.invalid")


@pytest.fixture
def world() -> Iterator[SimulatorServer]:
    """A served simulator with the fixture world, started by the test's own ``with`` block and
    stopped by it; stopped here too, so a test failing before its block leaves no socket."""
    from mosaia.testing import Simulator

    server = SimulatorServer(Simulator.with_fixtures())
    yield server
    server.stop()


def test_recording_writes_one_line_per_exchange(world: SimulatorServer, tmp_path: Path) -> None:
    path = tmp_path / "agents.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        client = Mosaia(world.config(), recorder)
        client.agents.get_by_id(IDS.support_agent)
        client.agents.get_all({"limit": 1})

    lines = path.read_text().splitlines()
    assert len(lines) == 2
    assert [i.request.target for i in load(path)] == [
        f"/v1/agent/{IDS.support_agent}",
        "/v1/agent?limit=1",
    ]


def test_replaying_gives_back_what_was_recorded_without_a_server(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "agent.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        live = Mosaia(world.config(), recorder).agents.get_by_id(IDS.support_agent)

    with Player(path) as player:
        replayed = Mosaia(ELSEWHERE, player).agents.get_by_id(IDS.support_agent)

    assert replayed == live
    assert replayed.unwrap().name == "Support Assistant"


def test_exchanges_replay_once_each_in_order(world: SimulatorServer, tmp_path: Path) -> None:
    path = tmp_path / "sequence.jsonl"
    new = Agent(name="Fresh", short_description="made in the recording")
    with world, Recorder(Urllib3Executor(), path) as recorder:
        client = Mosaia(world.config(), recorder)
        before = client.agents.get_all().unwrap()
        client.agents.create(new)
        after = client.agents.get_all().unwrap()

    replay = Mosaia(ELSEWHERE, Player(path))

    assert replay.agents.get_all().unwrap() == before
    assert replay.agents.create(new).unwrap().name == "Fresh"
    assert replay.agents.get_all().unwrap() == after
    assert len(after) == len(before) + 1


def test_secrets_never_reach_the_cassette(world: SimulatorServer, tmp_path: Path) -> None:
    path = tmp_path / "secrets.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        client = Mosaia(world.config(), recorder)
        token = client.run(auth.sign_in_with_password(ADA_EMAIL, ADA_PASSWORD, CLIENT_ID))
        client.run(auth.sign_in_with_client(CLIENT_ID, CLIENT_SECRET))
        client.run(clients.get_by_id(IDS.client))

    text = path.read_text()
    for secret in (
        world.simulator.api_key,
        ADA_PASSWORD,
        CLIENT_SECRET,
        token.unwrap().access_token,
        token.unwrap().refresh_token,
    ):
        assert secret
        assert secret not in text
    assert "Bearer ***" in text


def test_an_oauth_redirects_code_never_reaches_the_cassette(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "authorize.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        flow = Mosaia(world.config(client_id=CLIENT_ID), recorder).oauth(
            redirect_uri=REDIRECT_URIS[0], scopes=["read"]
        )
        start = flow.get_authorization_url_and_code_verifier().unwrap()
        callback = follow_authorize(start["url"], executor=recorder).unwrap()

    code = parse_qs(urlsplit(callback).query)["code"][0]
    [exchange] = load(path)
    assert exchange.response is not None
    location = dict(exchange.response.headers)["Location"]
    assert parse_qs(urlsplit(location).query)["code"] == ["***"]
    assert code not in path.read_text()


def test_a_redacted_request_still_matches_its_recording(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "signin.jsonl"
    call = auth.sign_in_with_password(ADA_EMAIL, ADA_PASSWORD, CLIENT_ID)
    with world, Recorder(Urllib3Executor(), path) as recorder:
        Mosaia(world.config(), recorder).run(call)

    replayed = Mosaia(ELSEWHERE, Player(path)).run(call)

    assert replayed.unwrap().access_token == "***"


def test_a_request_the_cassette_does_not_hold_fails_clearly(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "one.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        Mosaia(world.config(), recorder).agents.get_by_id(IDS.support_agent)
    player = Player(path)

    result = Mosaia(ELSEWHERE, player).agents.get_by_id(IDS.research_agent)

    error = result.failure()
    assert isinstance(error, TransportError)
    assert error.code == "cassette_miss"
    assert f"GET /v1/agent/{IDS.research_agent}" in error.message
    assert f"1. GET /v1/agent/{IDS.support_agent}" in error.message
    assert len(player.misses) == 1


def test_a_different_body_is_a_different_request(world: SimulatorServer, tmp_path: Path) -> None:
    path = tmp_path / "create.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        Mosaia(world.config(), recorder).run(agents.create(name="A", short_description="a"))

    result = Mosaia(ELSEWHERE, Player(path)).run(agents.create(name="B", short_description="b"))

    assert result.failure().code == "cassette_miss"


def test_an_exchange_is_not_played_twice_unless_asked(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "twice.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        Mosaia(world.config(), recorder).agents.get_by_id(IDS.support_agent)

    once = Mosaia(ELSEWHERE, Player(path))
    again = Mosaia(ELSEWHERE, Player(path, repeat=True))

    once.agents.get_by_id(IDS.support_agent)
    again.agents.get_by_id(IDS.support_agent)
    assert "already played" in once.agents.get_by_id(IDS.support_agent).failure().message
    assert isinstance(again.agents.get_by_id(IDS.support_agent), Success)


def test_assert_all_played_names_what_was_left_and_what_was_missed(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "left.jsonl"
    with world, Recorder(Urllib3Executor(), path) as recorder:
        client = Mosaia(world.config(), recorder)
        client.agents.get_by_id(IDS.support_agent)
        client.agents.get_by_id(IDS.research_agent)
    player = Player(path)
    Mosaia(ELSEWHERE, player).agents.get_by_id(IDS.group)

    with pytest.raises(AssertionError) as raised:
        player.assert_all_played()

    text = str(raised.value)
    assert f"GET /v1/agent/{IDS.group}" in text
    assert f"GET /v1/agent/{IDS.research_agent}" in text


def test_a_connection_failure_is_recorded_and_replayed(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = MosaiaConfig(api_key="k", base_url=f"http://127.0.0.1:{port}", timeout=2.0)
    path = tmp_path / "refused.jsonl"
    with Recorder(Urllib3Executor(), path) as recorder:
        live = Mosaia(dead, recorder).agents.get_all()

    replayed = Mosaia(dead, Player(path)).agents.get_all()

    assert isinstance(live, Failure)
    assert replayed == live


def test_a_stream_is_recorded_whole_and_replays_chunk_for_chunk(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "stream.jsonl"
    body = {"model": IDS.support_agent, "messages": [{"role": "user", "content": "hello there"}]}
    with world, Recorder(Urllib3Executor(), path) as recorder:
        live = Mosaia(world.config(), recorder).agents.chat_completion_stream(body)
        with live:
            recorded = list(live)

    with Mosaia(ELSEWHERE, Player(path)).agents.chat_completion_stream(body) as replay:
        replayed = list(replay)

    assert replayed == recorded
    assert all(isinstance(chunk, Success) for chunk in recorded)


def test_cassette_records_when_missing_and_replays_when_present(
    world: SimulatorServer, tmp_path: Path
) -> None:
    path = tmp_path / "auto.jsonl"
    with world:
        first = cassette(path, Urllib3Executor())
        Mosaia(world.config(), first).agents.get_by_id(IDS.support_agent)
        first.close()
    second = cassette(path, Urllib3Executor())

    result = Mosaia(ELSEWHERE, second).agents.get_by_id(IDS.support_agent)

    assert type(first).__name__ == "Recorder"
    assert type(second).__name__ == "Player"
    assert result.unwrap().id == IDS.support_agent

"""The simulator's fault knobs: forced statuses, random failures, rate limiting, dropped
connections, latency and cut streams; in-process and served."""

from __future__ import annotations

import argparse
import time

import pytest
from returns.pipeline import is_successful

from mosaia import Mosaia
from mosaia.errors import InternalServerError, RateLimitError, TransportError
from mosaia.testing import IDS, Faults, Simulator, SimulatorServer
from mosaia.testing._sim.faults import FAULT_HEADER, add_arguments, from_arguments, parse_status

CHAT = {"model": IDS.support_agent, "messages": [{"role": "user", "content": "one two three"}]}


def local(sim: Simulator) -> Mosaia:
    return Mosaia(sim.config(), sim)


def outcomes(sim: Simulator, count: int) -> list[bool]:
    client = local(sim)
    return [is_successful(client.agents.get_all()) for _ in range(count)]


def test_a_forced_status_answers_matching_routes_in_the_apis_error_shape() -> None:
    sim = Simulator.with_fixtures(faults=Faults(statuses={("GET", "/agent/*"): 503}))

    error = local(sim).agents.get_by_id(IDS.support_agent).failure()

    assert isinstance(error, InternalServerError)
    assert error.status == 503
    assert error.code == "SERVICE_UNAVAILABLE"
    assert dict(error.headers)[FAULT_HEADER] == "status"


def test_a_forced_status_leaves_other_routes_alone() -> None:
    sim = Simulator.with_fixtures(faults=Faults(statuses={("GET", "/agent/*"): 503}))
    client = local(sim)

    assert is_successful(client.agents.get_all())
    assert is_successful(client.users.get_by_id(IDS.ada))
    assert is_successful(client.agents.delete(IDS.support_agent))


def test_a_forced_status_does_not_touch_the_state() -> None:
    sim = Simulator.with_fixtures(faults=Faults(statuses={("*", "/agent"): 500}))

    local(sim).agents.create(name="Ghost", short_description="never stored")

    assert [a["name"] for a in sim.state["/agent"]] == ["Support Assistant", "Research Analyst"]
    assert sim.requests[-1].method == "POST"


def test_failure_rate_one_fails_every_request_with_the_failure_status() -> None:
    sim = Simulator(faults=Faults(failure_rate=1.0, failure_status=502))

    errors = [local(sim).agents.get_all().failure() for _ in range(5)]

    assert [getattr(e, "status", None) for e in errors] == [502] * 5


def test_failure_rate_zero_never_fails() -> None:
    assert all(outcomes(Simulator(faults=Faults(failure_rate=0.0, seed=3)), 30))


def test_the_same_seed_fails_the_same_requests() -> None:
    faults = Faults(failure_rate=0.5, seed=42)

    first = outcomes(Simulator(faults=faults), 40)
    second = outcomes(Simulator(faults=faults), 40)
    other = outcomes(Simulator(faults=faults.replace(seed=43)), 40)

    assert first == second
    assert first != other
    assert 5 < first.count(False) < 35


def test_setting_new_faults_restarts_the_random_sequence() -> None:
    sim = Simulator(faults=Faults(failure_rate=0.5, seed=7))
    first = outcomes(sim, 20)

    sim.faults = Faults(failure_rate=0.5, seed=7)

    assert outcomes(sim, 20) == first


def test_rate_limit_answers_429_with_retry_after_past_n_requests_a_second() -> None:
    now = [1_000.25]
    sim = Simulator(clock=lambda: now[0], faults=Faults(rate_limit_per_second=3))
    client = local(sim)

    allowed = [is_successful(client.agents.get_all()) for _ in range(3)]
    refused = client.agents.get_all().failure()

    assert allowed == [True, True, True]
    assert isinstance(refused, RateLimitError)
    assert dict(refused.headers)["Retry-After"] == "1"


def test_rate_limit_window_opens_again_the_next_second() -> None:
    now = [1_000.9]
    sim = Simulator(clock=lambda: now[0], faults=Faults(rate_limit_per_second=1))
    client = local(sim)
    client.agents.get_all()
    assert not is_successful(client.agents.get_all())

    now[0] = 1_001.0

    assert is_successful(client.agents.get_all())


def test_a_dropped_connection_in_process_is_a_transport_failure() -> None:
    sim = Simulator(faults=Faults(drop_rate=1.0))

    error = local(sim).agents.get_all().failure()

    assert isinstance(error, TransportError)
    assert error.code == "connection_broken"
    assert len(sim.requests) == 1


def test_a_dropped_connection_served_closes_the_socket_without_an_answer() -> None:
    sim = Simulator(faults=Faults(drop_rate=1.0))
    with SimulatorServer(sim) as server:
        error = Mosaia(server.config(timeout=5.0)).agents.get_all().failure()

    assert isinstance(error, TransportError)
    assert error.code == "connection_broken"


def test_latency_slows_in_process_answers() -> None:
    sim = Simulator(faults=Faults(latency=0.2))

    started = time.monotonic()
    result = local(sim).agents.get_all()

    assert is_successful(result)
    assert time.monotonic() - started >= 0.2


def test_latency_slows_served_answers() -> None:
    sim = Simulator(faults=Faults(latency=0.2))
    with SimulatorServer(sim) as server:
        started = time.monotonic()
        result = Mosaia(server.config()).agents.get_all()
        elapsed = time.monotonic() - started

    assert is_successful(result)
    assert elapsed >= 0.2


def test_cut_streams_after_breaks_a_stream_mid_way() -> None:
    sim = Simulator.with_fixtures(faults=Faults(cut_streams_after=2))

    with local(sim).agents.chat_completion_stream(CHAT) as chunks:
        results = list(chunks)

    assert [is_successful(r) for r in results] == [True, True, False]
    assert isinstance(results[-1].failure(), TransportError)


def test_no_faults_by_default() -> None:
    sim = Simulator()

    assert sim.faults == Faults()
    assert not sim.faults.enabled
    assert all(outcomes(sim, 10))


@pytest.mark.parametrize(
    "knobs",
    [
        {"failure_rate": 1.5},
        {"drop_rate": -0.1},
        {"latency": -1.0},
        {"rate_limit_per_second": 0},
        {"statuses": {("GET", "/agent"): 99}},
        {"cut_streams_after": -1},
    ],
)
def test_knobs_out_of_range_are_refused_at_once(knobs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must"):
        Faults(**knobs)  # type: ignore[arg-type]


def test_status_flags_parse_method_pattern_and_status() -> None:
    assert parse_status("get /agent/*=503") == (("GET", "/agent/*"), 503)
    assert parse_status("/agent/**=500") == (("*", "/agent/**"), 500)
    with pytest.raises(argparse.ArgumentTypeError):
        parse_status("GET /agent")


def test_command_line_flags_become_faults() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)

    args = parser.parse_args(
        ["--failure-rate", "0.25", "--status", "POST /agent=409", "--rate-limit", "10"]
    )

    assert from_arguments(args) == Faults(
        failure_rate=0.25, statuses={("POST", "/agent"): 409}, rate_limit_per_second=10
    )

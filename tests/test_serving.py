"""The served simulator's lifecycle: stopping is always safe, and each loopback host it accepts
really serves."""

from __future__ import annotations

import socket
import threading

import pytest
from returns.result import Failure

from mosaia import Mosaia
from mosaia.errors import TransportError
from mosaia.testing import Simulator, SimulatorServer


def test_stopping_a_server_that_was_never_started_returns_at_once() -> None:
    server = SimulatorServer(Simulator())
    stopper = threading.Thread(target=server.stop, daemon=True)
    stopper.start()
    stopper.join(timeout=5)
    assert not stopper.is_alive(), "stop() before start() hung"


def test_stopping_twice_is_harmless() -> None:
    server = SimulatorServer(Simulator()).start()
    server.stop()
    server.stop()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", server.port)) != 0  # nothing listens any more


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_a_server_on_ipv6_loopback_serves_at_its_url() -> None:
    sim = Simulator()
    sim.insert("/agent", {"name": "Six", "short_description": "on ::1"})
    with SimulatorServer(sim, host="::1") as server:
        assert server.url == f"http://[::1]:{server.port}"
        listed = Mosaia(server.config()).agents.get_all().unwrap()
    assert [agent.name for agent in listed.items] == ["Six"]


def test_a_stopped_server_answers_no_client_it_already_served() -> None:
    # A kept-alive connection outlives the serve loop; stop() must close it, or the client's
    # next request would still be answered by a server that is supposedly gone.
    sim = Simulator()
    sim.insert("/agent", {"name": "Kept", "short_description": "alive"})
    server = SimulatorServer(sim).start()
    client = Mosaia(server.config(max_retries=0))
    assert [a.name for a in client.agents.get_all().unwrap().items] == ["Kept"]

    server.stop()

    after = client.agents.get_all()
    assert isinstance(after, Failure)
    assert isinstance(after.failure(), TransportError)
    assert len(sim.requests) == 1  # the second request never reached the simulator

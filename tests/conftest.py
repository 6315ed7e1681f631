"""Shared fixtures: a simulator served on 127.0.0.1 and clients bound to it."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mosaia import Mosaia
from mosaia.testing import Simulator, SimulatorServer

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")


@pytest.fixture
def sim() -> Simulator:
    """A fresh in-memory simulator."""
    return Simulator()


@pytest.fixture
def server(sim: Simulator) -> Iterator[SimulatorServer]:
    """``sim`` served over real HTTP on 127.0.0.1 for the duration of one test."""
    with SimulatorServer(sim) as running:
        yield running


@pytest.fixture
def client(server: SimulatorServer) -> Mosaia:
    """A client sending through the real urllib3 executor to the served simulator."""
    return Mosaia(server.config())


@pytest.fixture
def local(sim: Simulator) -> Mosaia:
    """A client using the simulator in-process as its executor (no sockets)."""
    return Mosaia(sim.config(), sim)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """Turn any attempt to reach beyond 127.0.0.0/8 or ::1 into a failing test: the suite must
    never touch the network, and an accidental default ``base_url`` would otherwise try to."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and not _loopback(str(address[0])):
            raise OSError(f"tests may only connect to loopback, not {address[0]}")
        real_connect(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign, assignment]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]

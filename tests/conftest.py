"""Shared fixtures: a simulator served on 127.0.0.1 and clients bound to it."""

from __future__ import annotations

from collections.abc import Iterator

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

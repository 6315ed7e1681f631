"""Helpers the session tests share: a client logged in against a served simulator, its current
session, and how many renewals reached the simulator."""

from __future__ import annotations

from wire import sent_bytes

from mosaia import Mosaia
from mosaia.session import Clock, Session
from mosaia.testing import Simulator, SimulatorServer


def refreshes(sim: Simulator) -> int:
    """How many refresh-grant sign-ins ``sim`` has answered."""
    return sum(
        1
        for r in sim.requests
        if r.url.endswith("/auth/signin") and b'"grant_type":"refresh"' in sent_bytes(r.body)
    )


def logged_in(server: SimulatorServer, clock: Clock) -> Mosaia:
    """A client logged in with the simulator's test user, renewing by ``clock``."""
    client = Mosaia(server.config(api_key=None))
    return client.auth.login_with_password(
        "user@example.com", "password", "sim-client", clock=clock
    ).unwrap()


def current(client: Mosaia) -> Session:
    """The session ``client`` acts as (it must be bound to one)."""
    found = client.session
    assert found is not None
    return found

"""A session's renewal over real sockets: it follows the client's current server and transport,
it is one attempt shared by every request waiting for it (however it ends), and the tokens it
brings back are checked before anything carries them.

Servers: two simulators served on 127.0.0.1, and tests/faultserver.py with its token endpoints
refusing, hanging or answering odd tokens."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from faultserver import (
    FaultServer,
    fault_server,
    in_turn,
    is_refresh,
    reply,
    slow,
    tokens,
    with_refresh,
)
from returns.result import Result, Success
from sessionkit import current, logged_in
from sessionkit import refreshes as renewals

from mosaia import Mosaia, MosaiaConfig
from mosaia.errors import AuthenticationError, DecodeError, MosaiaError, RequestTimeout
from mosaia.executors import Urllib3Executor
from mosaia.refresh import RefreshingExecutor
from mosaia.retry import RetryPolicy
from mosaia.session import Session
from mosaia.testing import FakeExecutor, Simulator, SimulatorServer, respond
from mosaia.types import Agent

THREADS = 16


class Clock:
    """Epoch seconds that move only when told; shared by the simulators and the client."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def served(sim: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(sim) as running:
        yield running


@pytest.fixture
def first(clock: Clock) -> Iterator[tuple[Simulator, SimulatorServer]]:
    sim = Simulator(clock=clock)
    for running in served(sim):
        yield sim, running


@pytest.fixture
def second(clock: Clock) -> Iterator[tuple[Simulator, SimulatorServer]]:
    sim = Simulator(clock=clock)
    for running in served(sim):
        yield sim, running


# --- the refresh layer follows the client's current config ------------------------------------


def test_a_client_moved_to_another_server_renews_its_session_there(
    first: tuple[Simulator, SimulatorServer],
    second: tuple[Simulator, SimulatorServer],
    clock: Clock,
) -> None:
    (old_sim, old_server), (new_sim, new_server) = first, second
    client = logged_in(old_server, clock)
    # The session is known at the new server too (as after a migration); only it may renew.
    new_sim.auth.grant_refresh_token(current(client).refresh_token or "")
    moved = client.with_config(base_url=new_server.config().base_url)
    clock.now += 3601  # the access token has expired: the next request renews first

    assert isinstance(moved.auth.get_self(), Success)
    assert (renewals(old_sim), renewals(new_sim)) == (0, 1)
    assert new_sim.auth.grant_of(current(moved).access_token) is not None


def test_clients_derived_from_a_bound_client_act_as_the_same_session(
    first: tuple[Simulator, SimulatorServer], clock: Clock
) -> None:
    sim, server = first
    client = logged_in(server, clock)
    patient = client.with_config(timeout=30)
    clock.now += 3601
    assert isinstance(patient.auth.get_self(), Success)
    # The renewal rotated the refresh token; the other client uses the renewed session rather
    # than renewing again with the spent one.
    assert current(client) == current(patient)
    assert isinstance(client.auth.get_self(), Success)
    assert renewals(sim) == 1


def test_a_client_given_another_retry_policy_renews_through_the_new_retries() -> None:
    # The token endpoint fails once. The default policy never resends a POST; the new one
    # does, so only a renewal sent through the new stack gets the tokens.
    refresh = in_turn(reply(503, json={"error": "busy"}, headers={"Retry-After": "0"}), tokens())
    with fault_server(default=with_refresh(refresh)) as server:
        client = Mosaia(server.config(api_key=None)).with_session(expired())
        resending = RetryPolicy(
            max_retries=1, idempotent_methods=frozenset({"GET", "POST"}), jitter=0.0
        )
        moved = client.with_config(retry=resending)
        assert isinstance(moved.agents.get_by_id("a1"), Success)
        assert sum(1 for r in server.received if is_refresh(r)) == 2
        assert server.received[-1].headers["authorization"] == "Bearer at-new"


# --- one renewal for every request waiting for it ----------------------------------------------


def expired(**changes: Any) -> Session:
    values: dict[str, Any] = {
        "access_token": "at-old",
        "refresh_token": "rt-old",
        "auth_type": "password",
        "exp": 1_000,  # long past by the system clock
    }
    values.update(changes)
    return Session(**values)


def all_at_once(
    call: Callable[[], Result[Agent, MosaiaError]],
) -> tuple[list[Result[Agent, MosaiaError]], float]:
    """``call`` from :data:`THREADS` threads released together; the results and how long the
    slowest took."""
    start = threading.Barrier(THREADS)

    def one() -> Result[Agent, MosaiaError]:
        start.wait(timeout=10)
        return call()

    began = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: one(), range(THREADS)))
    return results, time.monotonic() - began


def refreshes(server: FaultServer) -> int:
    return sum(1 for r in server.received if is_refresh(r))


REFUSED = reply(500, json={"error": {"message": "token store down", "code": "DOWN"}})
# A moment's delay, so all sixteen requests are waiting on the renewal before it ends.
SLOWLY_REFUSED = slow(0.5, REFUSED)
UNAUTHORIZED = reply(401, json={"error": {"message": "token expired", "code": "EXPIRED"}})


@pytest.mark.parametrize(
    ("stale", "session", "otherwise"),
    [
        ("expired by the client's clock", expired(), None),
        ("refused by the server", expired(exp=None), UNAUTHORIZED),
    ],
    ids=["expired", "revoked"],
)
def test_a_refused_renewal_is_one_request_and_every_waiter_fails_with_it(
    stale: str, session: Session, otherwise: Any
) -> None:
    with fault_server(default=with_refresh(SLOWLY_REFUSED, otherwise)) as server:
        client = Mosaia(server.config(api_key=None)).with_session(session)
        results, took = all_at_once(lambda: client.agents.get_by_id("a1"))
        assert refreshes(server) == 1, stale
    errors = [r.failure() for r in results]
    assert all(isinstance(e, AuthenticationError) for e in errors), errors
    assert {(e.code, "token store down" in e.message) for e in errors} == {("REFRESH_FAILED", True)}
    assert took < 0.5 * THREADS / 2  # together, not one after another


def test_a_hanging_renewal_times_out_once_for_all_its_waiters() -> None:
    with fault_server(default=with_refresh(slow(30, REFUSED))) as server:
        client = Mosaia(server.config(api_key=None, timeout=1.0)).with_session(expired())
        results, took = all_at_once(lambda: client.agents.get_by_id("a1"))
        assert refreshes(server) == 1
        assert server.count == 1  # and nothing else was sent
    assert all(isinstance(r.failure(), RequestTimeout) for r in results), results
    assert took < 1.0 * THREADS / 2


def test_a_renewal_after_a_failed_one_is_tried_again() -> None:
    # The failure is shared by the requests that waited for it, not by every later request.
    refresh = in_turn(REFUSED, tokens())
    with fault_server(default=with_refresh(refresh)) as server:
        client = Mosaia(server.config(api_key=None)).with_session(expired())
        assert client.agents.get_by_id("a1").failure().code == "REFRESH_FAILED"
        assert isinstance(client.agents.get_by_id("a1"), Success)
        assert refreshes(server) == 2


def test_a_renew_function_that_raises_fails_its_request_and_releases_the_waiters() -> None:
    def broken(session: Session) -> Result[Session, MosaiaError]:
        time.sleep(0.2)
        raise RuntimeError("bug in a custom renew")

    fake = FakeExecutor({("GET", "/agents/a1"): respond(200, {"data": {"id": "a1"}})})
    config = MosaiaConfig(api_key="at-old", base_url="https://api.example")
    client = Mosaia(config, RefreshingExecutor(fake, expired(), broken))
    results, _ = all_at_once(lambda: client.agents.get_by_id("a1"))
    assert {r.failure().code for r in results} == {"executor"}
    assert fake.requests == []


# --- tokens are checked before they are used --------------------------------------------------

FORGED = "at-new\r\nX-Forged: yes"


def test_a_renewed_token_with_control_characters_is_refused_never_sent_never_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every log line the SDK and urllib3 can write
    with fault_server(default=with_refresh(tokens(access_token=FORGED))) as server:
        client = Mosaia(server.config(api_key=None)).with_session(expired())
        result = client.agents.get_by_id("a1")
        assert server.count == 1  # the renewal; the request was not sent with the odd token
    error = result.failure()
    assert isinstance(error, AuthenticationError)
    assert (error.code, "access_token" in error.message) == ("REFRESH_FAILED", True)
    shown = repr(result) + str(error) + caplog.text + repr(client)
    assert "X-Forged" not in shown
    assert current(client).access_token == "at-old"


def test_a_sign_in_answer_with_a_forged_token_is_a_decode_error_naming_the_field() -> None:
    answer = {"data": {"access_token": "at-ok", "refresh_token": "rt\nX-Forged: yes"}}
    with fault_server(reply(200, json=answer)) as server:
        signed_in = Mosaia(server.config(api_key=None)).auth.login_with_password(
            "a@b.c", "pw", "c1"
        )
        assert server.count == 1
    error = signed_in.failure()
    assert isinstance(error, DecodeError)
    assert error.path == "$.refresh_token"
    assert "X-Forged" not in repr(signed_in) + error.message


def test_generate_api_key_refuses_a_forged_token_too() -> None:
    answer = {"data": {"access_token": "at\r\nX-Forged: yes"}}
    with fault_server(reply(200, json=answer)) as server:
        made = Mosaia(server.config(api_key=None)).generate_api_key("c1", "secret")
    error = made.failure()
    assert isinstance(error, DecodeError)
    assert error.path == "$.access_token"


def test_a_bound_client_shares_the_pool_of_the_client_it_came_from() -> None:
    with fault_server() as server:
        client = Mosaia(server.config(api_key=None))
        bound = client.with_session(expired(exp=None))
        layer = bound.executor
        assert isinstance(layer, RefreshingExecutor)
        assert pool_of(layer.inner) is pool_of(client.executor)


def pool_of(executor: Any) -> Any:
    while not isinstance(executor, Urllib3Executor):
        executor = executor.inner
    return executor.pool

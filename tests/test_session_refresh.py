"""Session refresh: the RefreshingExecutor decorator (its logic through a FakeExecutor), and
refresh against the simulator served on 127.0.0.1, including many concurrent requests sharing
one refresh. The pure decisions it relies on are tested in test_session.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import msgspec
import pytest
from returns.result import Failure, Result, Success
from sessionkit import current, logged_in, refreshes

from mosaia import Mosaia, MosaiaConfig
from mosaia.errors import AuthenticationError, MosaiaError, TransportError
from mosaia.http import HttpRequest, HttpResponse
from mosaia.refresh import RefreshingExecutor, renewer
from mosaia.session import Session
from mosaia.testing import FakeExecutor, Simulator, SimulatorServer, respond
from mosaia.types import Self

CONFIG = MosaiaConfig(api_key="unused", base_url="https://api.example")
NOW_MS = 1_700_000_000_000
OLD = Session(access_token="at-old", auth_type="password", refresh_token="rt-old", exp=NOW_MS + 9)
NEW_TOKENS = {"access_token": "at-new", "refresh_token": "rt-new", "exp": str(NOW_MS + 3_600_000)}


def session(**changes: Any) -> Session:
    return msgspec.structs.replace(OLD, **changes)


# --- the decorator's logic, through a fake ----------------------------------------------------


def bearer(request: HttpRequest) -> str | None:
    return request.header("authorization")


def api_answering(
    accepted: str = "Bearer at-new", refresh: HttpResponse | None = None
) -> FakeExecutor:
    """A fake API: /self answers only ``accepted``; sign-in and token refreshes answer
    ``refresh`` (new tokens by default)."""
    fresh = refresh or respond(200, {"data": NEW_TOKENS})

    def whoami(request: HttpRequest) -> HttpResponse:
        if bearer(request) == accepted:
            return respond(200, {"data": {"client": {"client_id": "c1"}}})
        return respond(401, {"error": {"message": "expired", "code": "UNAUTHORIZED"}})

    return FakeExecutor(
        {
            ("GET", "/self"): whoami,
            ("POST", "/auth/signin"): fresh,
            ("POST", "/auth/token"): fresh,
        }
    )


def bound(
    fake: FakeExecutor,
    current: Session | None = None,
    now_ms: int = NOW_MS,
    on_refresh: Callable[[Session], None] | None = None,
) -> Mosaia:
    return Mosaia(CONFIG, fake).with_session(
        current or session(), clock=lambda: now_ms / 1000, on_refresh=on_refresh
    )


def sent(fake: FakeExecutor) -> list[tuple[str, str, str | None]]:
    return [(r.method, r.url.rsplit("/v1", 1)[1], bearer(r)) for r in fake.requests]


def test_request_carries_the_session_token_instead_of_the_configured_key() -> None:
    fake = api_answering(accepted="Bearer at-old")
    assert isinstance(bound(fake).auth.get_self(), Success)
    assert sent(fake) == [("GET", "/self", "Bearer at-old")]


def test_expired_session_is_refreshed_before_the_request_is_sent() -> None:
    fake = api_answering()
    result = bound(fake, session(exp=NOW_MS - 1)).auth.get_self()
    assert isinstance(result, Success)
    assert sent(fake) == [("POST", "/auth/signin", None), ("GET", "/self", "Bearer at-new")]


def test_401_is_refreshed_once_and_the_request_retried_once() -> None:
    fake = api_answering()
    result = bound(fake).auth.get_self()
    assert isinstance(result, Success)
    assert sent(fake) == [
        ("GET", "/self", "Bearer at-old"),
        ("POST", "/auth/signin", None),
        ("GET", "/self", "Bearer at-new"),
    ]


def test_401_to_the_retry_is_the_answer_and_nothing_more_is_tried() -> None:
    fake = api_answering(accepted="Bearer never")
    result = bound(fake).auth.get_self()
    assert isinstance(result.failure(), AuthenticationError)
    assert [m for m, _, _ in sent(fake)] == ["GET", "POST", "GET"]


def test_oauth_session_refreshes_with_the_oauth_grant() -> None:
    fake = api_answering()
    bound(fake, session(auth_type="oauth", client_id="c1")).auth.get_self()
    refresh = fake.requests[1]
    assert refresh.url.endswith("/v1/auth/token")
    assert refresh.body == b"client_id=c1&refresh_token=rt-old&grant_type=refresh_token"


def test_failed_refresh_is_a_failure_and_the_request_is_not_retried() -> None:
    denied = respond(401, {"error": {"message": "refresh token revoked", "code": "INVALID"}})
    fake = api_answering(refresh=denied)
    result = bound(fake).auth.get_self()
    error = result.failure()
    assert isinstance(error, AuthenticationError)
    assert error.code == "REFRESH_FAILED"
    assert "refresh token revoked" in error.message
    assert [m for m, _, _ in sent(fake)] == ["GET", "POST"]


def test_expired_session_whose_refresh_fails_sends_nothing_else() -> None:
    fake = api_answering(refresh=respond(400, {"error": "invalid_grant"}))
    result = bound(fake, session(exp=NOW_MS - 1)).auth.get_self()
    assert "invalid_grant" in result.failure().message
    assert [m for m, _, _ in sent(fake)] == ["POST"]


def test_refresh_transport_failure_is_that_failure() -> None:
    fake = api_answering()
    fake.add("POST", "/auth/signin", TransportError(message="reset", code="connection_broken"))
    result = bound(fake, session(exp=NOW_MS - 1)).auth.get_self()
    assert result == Failure(TransportError(message="reset", code="connection_broken"))


def test_session_without_refresh_token_fails_on_expiry_without_sending() -> None:
    fake = api_answering()
    result = bound(fake, session(exp=NOW_MS - 1, refresh_token=None)).auth.get_self()
    assert result.failure().code == "REFRESH_FAILED"
    assert fake.requests == []


def test_unauthenticated_requests_pass_through_untouched() -> None:
    fake = api_answering()
    client = bound(fake, session(exp=NOW_MS - 1))
    client.auth.sign_in_with_client("c1", "s1")
    assert sent(fake) == [("POST", "/auth/signin", None)]


def test_refresh_updates_the_session_and_tells_on_refresh() -> None:
    seen: list[Session] = []
    client = bound(api_answering(), on_refresh=seen.append)
    client.auth.get_self()
    assert [s.access_token for s in seen] == ["at-new"]
    assert client.session == seen[0]


def test_on_refresh_that_raises_does_not_fail_the_request() -> None:
    def broken(_: Session) -> None:
        raise RuntimeError("disk full")

    assert isinstance(bound(api_answering(), on_refresh=broken).auth.get_self(), Success)


def test_client_without_a_session_has_none() -> None:
    assert Mosaia(CONFIG, FakeExecutor()).session is None


def test_binding_a_bound_client_again_does_not_stack_refreshers() -> None:
    fake = api_answering()
    twice = bound(fake).with_session(session())
    executor = twice.executor
    assert isinstance(executor, RefreshingExecutor)
    assert executor.inner is fake


def test_stream_open_refreshes_on_401_and_closes_the_refused_stream() -> None:
    fake = api_answering()
    clock = lambda: NOW_MS / 1000  # noqa: E731
    refresher = RefreshingExecutor(fake, session(), renewer(CONFIG, fake, clock), clock=clock)
    request = HttpRequest("GET", "https://api.example/v1/self", (("Authorization", "Bearer x"),))
    opened = refresher.open(request)
    assert opened.unwrap().status == 200
    assert [bearer(r) for r in fake.requests if r.method == "GET"] == [
        "Bearer at-old",
        "Bearer at-new",
    ]


def test_stream_open_through_a_non_streaming_executor_is_a_failure() -> None:
    class SendOnly:
        def send(self, request: HttpRequest) -> Result[HttpResponse, Any]:
            return Success(HttpResponse(200))

    refresher = RefreshingExecutor(SendOnly(), session(), renewer(CONFIG, SendOnly()))
    opened = refresher.open(HttpRequest("GET", "https://api.example/v1/self"))
    assert opened.failure().code == "not_streaming"


# --- against the served simulator -------------------------------------------------------------


class Clock:
    """A clock (epoch seconds) that only moves when told: shared by simulator and client."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(clock: Clock) -> Simulator:
    return Simulator(clock=clock)


@pytest.fixture
def timed_server(timed: Simulator) -> Any:
    with SimulatorServer(timed) as running:
        yield running


def all_at_once(call: Callable[[], Result[Self, MosaiaError]], n: int = 8) -> list[Any]:
    start = threading.Barrier(n)

    def one() -> Result[Self, MosaiaError]:
        start.wait(timeout=10)
        return call()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: one(), range(n)))


@pytest.mark.parametrize("stale", ["expired", "revoked"])
def test_stale_token_is_refreshed_exactly_once_under_8_concurrent_requests(
    stale: str, timed: Simulator, timed_server: SimulatorServer, clock: Clock
) -> None:
    client = logged_in(timed_server, clock)
    if stale == "expired":  # the client's clock says so: refreshed before sending
        clock.now += 3601
    else:  # only the server knows: every request meets a 401 first
        timed.auth.revoke(current(client).access_token)
    results = all_at_once(client.auth.get_self)
    assert all(isinstance(r, Success) for r in results), results
    assert refreshes(timed) == 1


def test_refresh_against_the_simulator_rotates_the_session(
    timed: Simulator, timed_server: SimulatorServer, clock: Clock
) -> None:
    client = logged_in(timed_server, clock)
    before = current(client)
    clock.now += 3601
    assert isinstance(client.auth.get_self(), Success)
    after = current(client)
    assert after.access_token != before.access_token
    assert after.exp == int((clock.now + 3600) * 1000)


def test_refresh_refused_by_the_simulator_fails_without_retrying_the_request(
    timed: Simulator, timed_server: SimulatorServer, clock: Clock
) -> None:
    client = logged_in(timed_server, clock)
    timed.auth.revoke(current(client).refresh_token or "")
    timed.auth.revoke(current(client).access_token)
    result = client.auth.get_self()
    assert result.failure().code == "REFRESH_FAILED"
    assert sum(1 for r in timed.requests if r.url.endswith("/self")) == 1


def test_after_sign_out_a_401_is_the_answer_and_the_session_is_not_renewed(
    timed: Simulator, timed_server: SimulatorServer, clock: Clock
) -> None:
    client = logged_in(timed_server, clock)
    assert client.auth.sign_out() == Success(None)
    result = client.auth.get_self()
    assert isinstance(result.failure(), AuthenticationError)
    assert not any(r.url.endswith("/auth/signin") for r in timed.requests[-2:])

"""The OAuth authorization-code flow with PKCE, end to end against the simulator served on
127.0.0.1: authorize page (outside ``/v1``), callback check, code exchange, refresh, and the
ways it must refuse (wrong verifier, state mismatch, reused or expired code)."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from returns.result import Failure, Success
from wire import sent_bytes

from mosaia import Mosaia
from mosaia.errors import ApiError, InvalidRequest, OAuthError
from mosaia.oauth import OAuth, verify_callback
from mosaia.testing import Simulator, SimulatorServer
from mosaia.testing._sim.auth import CODE_SECONDS, DEFAULT_CLIENT_ID, follow_authorize

REDIRECT = "https://app.example/callback"


@pytest.fixture
def app(server: SimulatorServer) -> Mosaia:
    """A client of the served simulator, registered as its default OAuth client."""
    return Mosaia(server.config(frontend_url=server.url, client_id=DEFAULT_CLIENT_ID))


@pytest.fixture
def oauth(app: Mosaia) -> OAuth[Mosaia]:
    return app.oauth(redirect_uri=REDIRECT, scopes=["read", "write"])


def approved(oauth: OAuth[Mosaia]) -> tuple[str, str]:
    """Start the flow and play the browser: the code the redirect carries, and its verifier."""
    start = oauth.get_authorization_url_and_code_verifier().unwrap()
    callback = follow_authorize(start["url"]).unwrap()
    return oauth.verify_callback(callback, start["state"]).unwrap(), start["code_verifier"]


def oauth_code(result: object) -> str | None:
    return result.failure().code if isinstance(result, Failure) else None


def test_full_pkce_flow_gives_tokens_that_act_for_the_user(
    app: Mosaia, oauth: OAuth[Mosaia]
) -> None:
    code, verifier = approved(oauth)
    token = oauth.exchange_code_for_token(code=code, code_verifier=verifier).unwrap()
    assert token.token_type == "Bearer"
    as_user = app.with_config(api_key=token.access_token)
    assert as_user.auth.get_self().unwrap().user.email == "user@example.com"  # type: ignore[union-attr]


def test_authorize_page_is_served_outside_the_api_prefix(
    oauth: OAuth[Mosaia], sim: Simulator
) -> None:
    approved(oauth)
    authorize = sim.requests[0]
    assert urlsplit(authorize.url).path == "/oauth"


def test_authorize_redirect_carries_code_and_state(oauth: OAuth[Mosaia]) -> None:
    start = oauth.get_authorization_url_and_code_verifier().unwrap()
    callback = follow_authorize(start["url"]).unwrap()
    assert callback.startswith(REDIRECT + "?")
    query = parse_qs(urlsplit(callback).query)
    assert query["state"] == [start["state"]]
    assert query["code"][0]


def test_token_endpoint_never_receives_the_api_key(oauth: OAuth[Mosaia], sim: Simulator) -> None:
    code, verifier = approved(oauth)
    oauth.exchange_code_for_token(code=code, code_verifier=verifier).unwrap()
    [exchange] = [r for r in sim.requests if r.url.endswith("/v1/auth/token")]
    assert exchange.header("authorization") is None


def test_wrong_verifier_fails_with_invalid_grant(oauth: OAuth[Mosaia]) -> None:
    code, _ = approved(oauth)
    other = oauth.get_authorization_url_and_code_verifier().unwrap()["code_verifier"]
    result = oauth.exchange_code_for_token(code=code, code_verifier=other)
    assert isinstance(result.failure(), ApiError)
    assert oauth_code(result) == "invalid_grant"


def test_a_malformed_verifier_is_refused_as_invalid_request(oauth: OAuth[Mosaia]) -> None:
    code, _ = approved(oauth)
    result = oauth.exchange_code_for_token(code=code, code_verifier="too short")
    assert oauth_code(result) == "invalid_request"
    assert "43-128" in result.failure().message


def test_state_mismatch_is_refused_before_any_exchange(
    oauth: OAuth[Mosaia], sim: Simulator
) -> None:
    start = oauth.get_authorization_url_and_code_verifier().unwrap()
    callback = follow_authorize(start["url"]).unwrap()
    result = oauth.verify_callback(callback, "a-state-we-never-sent")
    assert oauth_code(result) == "state_mismatch"
    assert not any(r.url.endswith("/auth/token") for r in sim.requests)


def test_code_is_single_use(oauth: OAuth[Mosaia]) -> None:
    code, verifier = approved(oauth)
    assert isinstance(oauth.exchange_code_for_token(code=code, code_verifier=verifier), Success)
    again = oauth.exchange_code_for_token(code=code, code_verifier=verifier)
    assert oauth_code(again) == "invalid_grant"


def test_code_is_bound_to_its_redirect_uri(app: Mosaia, oauth: OAuth[Mosaia]) -> None:
    code, verifier = approved(oauth)
    elsewhere = app.oauth(redirect_uri="https://evil.example/cb", scopes=["read"])
    result = elsewhere.exchange_code_for_token(code=code, code_verifier=verifier)
    assert oauth_code(result) == "invalid_grant"


def test_expired_code_is_refused() -> None:
    now = [1_700_000_000.0]
    with SimulatorServer(Simulator(clock=lambda: now[0])) as server:
        client = Mosaia(server.config(frontend_url=server.url, client_id=DEFAULT_CLIENT_ID))
        oauth = client.oauth(redirect_uri=REDIRECT, scopes=["read"])
        code, verifier = approved(oauth)
        now[0] += CODE_SECONDS
        result = oauth.exchange_code_for_token(code=code, code_verifier=verifier)
    assert oauth_code(result) == "invalid_grant"


def test_refresh_gives_a_new_pair_and_spends_the_old_refresh_token(oauth: OAuth[Mosaia]) -> None:
    code, verifier = approved(oauth)
    token = oauth.exchange_code_for_token(code=code, code_verifier=verifier).unwrap()
    renewed = oauth.refresh_token(refresh_token=token.refresh_token).unwrap()
    assert renewed.access_token != token.access_token
    assert oauth_code(oauth.refresh_token(refresh_token=token.refresh_token)) == "invalid_grant"


def test_oauth_refresh_token_is_not_accepted_by_the_sign_in_refresh(
    app: Mosaia, oauth: OAuth[Mosaia]
) -> None:
    code, verifier = approved(oauth)
    token = oauth.exchange_code_for_token(code=code, code_verifier=verifier).unwrap()
    result = app.auth.refresh_token(token.refresh_token)
    assert oauth_code(result) == "INVALID_REFRESH_TOKEN"


def test_unknown_client_is_refused_by_the_authorize_page(server: SimulatorServer) -> None:
    client = Mosaia(server.config(frontend_url=server.url, client_id="nobody"))
    start = client.oauth(redirect_uri=REDIRECT, scopes=["read"])
    url = start.get_authorization_url_and_code_verifier().unwrap()["url"]
    result = follow_authorize(url)
    assert oauth_code(result) == "invalid_client"


def test_authorize_refusal_comes_back_as_the_oauth_error(server: SimulatorServer) -> None:
    url = (
        f"{server.url}/oauth?client_id={DEFAULT_CLIENT_ID}&redirect_uri={REDIRECT}"
        "&response_type=code&code_challenge=abc&code_challenge_method=plain&scope=read&state=s1"
    )
    refused = verify_callback(follow_authorize(url).unwrap(), "s1")
    assert isinstance(refused, Failure)
    assert isinstance(refused.failure(), OAuthError)
    assert refused.failure().code == "invalid_request"


def test_missing_client_id_is_invalid_request_and_nothing_is_sent(
    server: SimulatorServer, sim: Simulator
) -> None:
    client = Mosaia(server.config(frontend_url=server.url))
    oauth = client.oauth(redirect_uri=REDIRECT, scopes=["read"])
    started = oauth.get_authorization_url_and_code_verifier()
    exchanged = oauth.exchange_code_for_token(code="k", code_verifier="v" * 43)
    assert isinstance(started.failure(), InvalidRequest)
    assert isinstance(exchanged.failure(), InvalidRequest)
    assert sim.requests == []


def test_async_exchange_fails_with_invalid_grant_like_the_sync_one(oauth: OAuth[Mosaia]) -> None:
    code, _ = approved(oauth)
    result = asyncio.run(oauth.aio.exchange_code_for_token(code=code, code_verifier="x" * 43))
    assert oauth_code(result) == "invalid_grant"


def test_session_client_from_a_code_refreshes_with_the_oauth_grant() -> None:
    now = [1_700_000_000.0]
    sim = Simulator(clock=lambda: now[0])
    with SimulatorServer(sim) as server:
        client = Mosaia(server.config(frontend_url=server.url, client_id=DEFAULT_CLIENT_ID))
        oauth = client.oauth(redirect_uri=REDIRECT, scopes=["read"])
        code, verifier = approved(oauth)
        user = oauth.login_with_code(code=code, code_verifier=verifier, clock=lambda: now[0])
        now[0] += 3601
        me = user.unwrap().auth.get_self()
    assert me.unwrap().user is not None
    token_forms = [sent_bytes(r.body) for r in sim.requests if r.url.endswith("/v1/auth/token")]
    assert [b"grant_type=refresh_token" in body for body in token_forms] == [False, True]
    assert not any(r.url.endswith("/auth/signin") for r in sim.requests)


def test_demo_walks_the_flow_end_to_end(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(__file__).parent.parent / "examples" / "oauth_pkce.py"
    spec = importlib.util.spec_from_file_location("oauth_pkce_demo", path)
    assert spec is not None
    assert spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    assert demo.run_flow(server) is True
    out = capsys.readouterr().out
    assert "invalid_grant" in out
    assert "state_mismatch" in out
    assert "sim-client-secret" not in out

"""The seed README's "Authentication API" and "OAuth Support" examples, and its
``client.generate_api_key(...)``, run against the simulator served on 127.0.0.1.

Each example is the README's code, adapted only where a ``Result`` replaces an exception
(``.unwrap()`` where the seed got the value) and where the seed awaited (``oauth.aio``). The
simulator is told the README's placeholder credentials, so every example succeeds for real. The
second half checks that the simulator's auth endpoints issue tokens and enforce them.
"""

from __future__ import annotations

import asyncio

import pytest
from returns.result import Failure, Success

from mosaia import Mosaia
from mosaia.errors import AuthenticationError
from mosaia.testing import Simulator, SimulatorServer
from mosaia.testing._sim.auth import follow_authorize
from mosaia.types import AuthToken, OAuthTokenResponse, Self


@pytest.fixture
def readme_sim(sim: Simulator) -> Simulator:
    """The simulator knowing the README's placeholders: its client and its refresh token."""
    sim.auth.register_client("client_id", client_secret="client_secret")
    sim.auth.grant_refresh_token("refresh_token", client_id="client_id")
    return sim


@pytest.fixture
def readme_client(readme_sim: Simulator, server: SimulatorServer) -> Mosaia:
    return Mosaia(server.config(client_id="client_id", frontend_url=server.url))


# --- README "Authentication API", one example each -------------------------------------------


def test_readme_sign_in_with_password(readme_client: Mosaia) -> None:
    client = readme_client
    # Sign in with password
    auth_response = client.auth.sign_in_with_password(
        email="user@example.com", password="password", client_id="client_id"
    )
    assert isinstance(auth_response.unwrap(), AuthToken)
    assert auth_response.unwrap().access_token


def test_readme_sign_in_with_client(readme_client: Mosaia) -> None:
    client = readme_client
    # Sign in with client credentials
    auth_response = client.auth.sign_in_with_client(
        client_id="client_id", client_secret="client_secret"
    )
    assert auth_response.unwrap().access_token


def test_readme_refresh_token(readme_client: Mosaia) -> None:
    client = readme_client
    # Refresh token
    new_auth = client.auth.refresh_token("refresh_token")
    assert new_auth.unwrap().refresh_token not in (None, "refresh_token")


def test_readme_sign_out(readme_client: Mosaia) -> None:
    client = readme_client
    # Sign out
    assert client.auth.sign_out() == Success(None)


def test_readme_get_session(readme_client: Mosaia) -> None:
    client = readme_client
    # Get session info
    session = client.auth.get_session()
    assert session.unwrap().user is not None


def test_readme_get_self(readme_client: Mosaia) -> None:
    client = readme_client
    # Get self info
    self_info = client.auth.get_self()
    assert isinstance(self_info.unwrap(), Self)
    assert self_info.unwrap().user.email == "user@example.com"  # type: ignore[union-attr]


# --- README "Quick Start": generate_api_key ---------------------------------------------------


def test_readme_generate_api_key_gives_a_client_carrying_the_issued_key(
    readme_sim: Simulator, server: SimulatorServer
) -> None:
    # Or initialize with defaults and generate API key (clients stay immutable: a new one)
    client = Mosaia(server.config(api_key=None))
    client = client.generate_api_key("client_id", "client_secret").unwrap()
    assert client.config.api_key in readme_sim.tokens
    me = client.auth.get_self().unwrap()
    assert me.client is not None
    assert me.client.client_id == "client_id"


def test_generate_api_key_with_a_wrong_secret_is_a_failure(
    readme_sim: Simulator, server: SimulatorServer
) -> None:
    result = Mosaia(server.config(api_key=None)).generate_api_key("client_id", "wrong")
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), AuthenticationError)


# --- README "OAuth Support" --------------------------------------------------------------------


def test_readme_oauth_support_example(readme_client: Mosaia) -> None:
    client = readme_client
    # Initialize OAuth
    oauth = client.oauth(redirect_uri="https://your-app.com/callback", scopes=["read", "write"])

    # Get authorization URL
    auth_data = oauth.get_authorization_url_and_code_verifier().unwrap()
    auth_url = auth_data["url"]
    code_verifier = auth_data["code_verifier"]

    # (the user authorizes: the browser opens auth_url and is redirected back with a code)
    callback = follow_authorize(auth_url).unwrap()
    code = oauth.verify_callback(callback, auth_data["state"]).unwrap()

    async def example() -> tuple[OAuthTokenResponse, OAuthTokenResponse]:
        # Exchange code for token (after user authorizes)
        token_response = (
            await oauth.aio.exchange_code_for_token(code=code, code_verifier=code_verifier)
        ).unwrap()

        # Refresh token
        new_token_response = (
            await oauth.aio.refresh_token(refresh_token=token_response.refresh_token)
        ).unwrap()
        return token_response, new_token_response

    token_response, new_token_response = asyncio.run(example())
    assert token_response.access_token
    assert new_token_response.access_token not in (None, token_response.access_token)


# --- the simulator issues tokens and enforces them --------------------------------------------


def test_issued_token_is_accepted_as_a_bearer(client: Mosaia) -> None:
    token = client.auth.sign_in_with_password("user@example.com", "password", "sim-client")
    bearer = client.with_config(api_key=token.unwrap().access_token)
    assert bearer.auth.get_self().unwrap().user is not None


def test_unknown_bearer_is_refused(client: Mosaia) -> None:
    result = client.with_config(api_key="at_forged").auth.get_self()
    assert isinstance(result.failure(), AuthenticationError)


def test_wrong_password_is_refused(client: Mosaia) -> None:
    result = client.auth.sign_in_with_password("user@example.com", "nope", "sim-client")
    assert isinstance(result.failure(), AuthenticationError)
    assert result.failure().code == "INVALID_CREDENTIALS"


def test_sign_in_for_an_unknown_client_is_refused(client: Mosaia) -> None:
    result = client.auth.sign_in_with_password("user@example.com", "password", "no-such-client")
    assert result.failure().code == "INVALID_CLIENT"


def test_registered_user_can_sign_in(sim: Simulator, client: Mosaia) -> None:
    sim.auth.register_user("ada@example.com", "lovelace")
    token = client.auth.sign_in_with_password("ada@example.com", "lovelace", "sim-client")
    me = client.with_config(api_key=token.unwrap().access_token).auth.get_self().unwrap()
    assert me.user.email == "ada@example.com"  # type: ignore[union-attr]


def test_token_expires_on_the_simulator_clock() -> None:
    now = [1_700_000_000.0]
    sim = Simulator(clock=lambda: now[0])
    with SimulatorServer(sim) as served:
        client = Mosaia(served.config())
        token = client.auth.sign_in_with_client("sim-client", "sim-client-secret").unwrap()
        assert token.exp == str(int((now[0] + 3600) * 1000))
        bearer = client.with_config(api_key=token.access_token)
        now[0] += 3601
        assert isinstance(bearer.auth.get_self().failure(), AuthenticationError)


def test_sign_out_with_a_token_revokes_it(client: Mosaia) -> None:
    token = client.auth.sign_in_with_client("sim-client", "sim-client-secret").unwrap()
    assert client.auth.sign_out(token.access_token) == Success(None)
    revoked = client.with_config(api_key=token.access_token).auth.get_self()
    assert isinstance(revoked.failure(), AuthenticationError)


def test_sign_out_without_a_token_revokes_the_one_presented(client: Mosaia) -> None:
    token = client.auth.sign_in_with_client("sim-client", "sim-client-secret").unwrap()
    bearer = client.with_config(api_key=token.access_token)
    assert bearer.auth.sign_out() == Success(None)
    assert isinstance(bearer.auth.get_self().failure(), AuthenticationError)


def test_refresh_token_rotates_and_cannot_be_reused(client: Mosaia) -> None:
    token = client.auth.sign_in_with_client("sim-client", "sim-client-secret").unwrap()
    assert isinstance(client.auth.refresh_token(token.refresh_token), Success)
    reused = client.auth.refresh_token(token.refresh_token)
    assert reused.failure().code == "INVALID_REFRESH_TOKEN"


def test_client_credentials_session_acts_for_the_client_alone(client: Mosaia) -> None:
    token = client.auth.sign_in_with_client("sim-client", "sim-client-secret").unwrap()
    me = client.with_config(api_key=token.access_token).auth.get_session().unwrap()
    assert me.client is not None
    assert me.user is None

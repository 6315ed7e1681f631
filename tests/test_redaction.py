"""No secret (API key, password, client secret, token) reaches a log line, a repr, an error value
or a curl command, even with DEBUG logging of everything (urllib3's own logs included)."""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from faultserver import fault_server, reply
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result

from mosaia import Mosaia, MosaiaConfig, RetryPolicy
from mosaia._redact import redact_body, redact_url
from mosaia.api import agents, auth
from mosaia.config import prepare
from mosaia.curl import to_curl
from mosaia.decode import decode
from mosaia.errors import (
    ApiError,
    AuthenticationError,
    ConnectionFailure,
    DecodeError,
    TransportError,
)
from mosaia.executors import LoggingExecutor, Urllib3Executor, default_executor
from mosaia.executors._log import LOGGER, logger_from_env
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing import Simulator, SimulatorServer
from mosaia.types import App, AppBot, AuthToken, Client, OAuthTokenResponse, Self, SessionToken

API_KEY = "sk-live-APIKEY-0a1b2c3d4e5f"
PASSWORD = "hunter2-PASSWORD-9z8y7x"
CLIENT_SECRET = "CLIENT-SECRET-5e6f7a8b"
ACCESS_TOKEN = "ACCESS-TOKEN-1q2w3e4r"
REFRESH_TOKEN = "REFRESH-TOKEN-5t6y7u8i"
SECRETS = (API_KEY, PASSWORD, CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN)
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.002)


@pytest.fixture
def debug_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[pytest.LogCaptureFixture]:
    """``MOSAIA_LOG=debug`` and every logger captured at DEBUG; the ``mosaia`` logger's level
    and handlers restored afterwards."""
    level, handlers = LOGGER.level, list(LOGGER.handlers)
    monkeypatch.setenv("MOSAIA_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    yield caplog
    LOGGER.setLevel(level)
    LOGGER.handlers[:] = handlers


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured line, plus every attribute of every record (structured fields too)."""
    parts = [caplog.text]
    parts += [repr(vars(record)) for record in caplog.records]
    return "\n".join(parts)


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_failing_password_sign_in_logs_no_secret(debug_logs: pytest.LogCaptureFixture) -> None:
    with SimulatorServer(Simulator(api_key=API_KEY)) as server:
        client = Mosaia(server.config())
        result = client.run(auth.sign_in_with_password("user@example.com", PASSWORD, "sim-client"))
    assert isinstance(result.failure(), ApiError)
    text = everything_logged(debug_logs) + repr(result) + str(result) + repr(client)
    assert "POST" in debug_logs.text  # the exchange was logged, so the check means something
    assert leaked(text) == []


def test_failing_client_sign_in_with_retries_logs_no_secret(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    denied = reply(503, json={"error": "temporarily_unavailable"}, headers={"Retry-After": "0"})
    with fault_server(denied, denied, denied) as server:
        config = server.config(api_key=API_KEY, client_secret=CLIENT_SECRET)
        client = Mosaia(config, default_executor(config, policy=FAST))
        call = auth.sign_in_with_client("c1", CLIENT_SECRET).with_idempotency_key("idem-1")
        result = client.run(call)
        assert server.count == 3
    assert "retrying" in debug_logs.text
    text = everything_logged(debug_logs) + repr(result) + repr(config)
    assert leaked(text) == []


def test_a_sign_out_token_and_bearer_header_never_reach_the_logs(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    with fault_server(reply(401, json={"error": {"message": "expired", "code": "EXPIRED"}})) as s:
        config = s.config(api_key=API_KEY)
        result = Mosaia(config, default_executor(config)).run(auth.sign_out(REFRESH_TOKEN))
        sent = s.received[0]
    assert isinstance(result.failure(), AuthenticationError)
    # It really was sent (in the JSON body, contract 2.8); only the logs must not show it.
    assert REFRESH_TOKEN.encode() in sent.body
    assert leaked(everything_logged(debug_logs) + repr(result)) == []


def test_tokens_in_a_malformed_sign_in_answer_stay_out_of_logs_and_reprs(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    # `data` a list where one token is due: not the envelope, so a DecodeError (a mistyped field
    # alone would cost only that field).
    body = {"data": [{"access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN, "iat": []}]}
    with fault_server(reply(200, json=body)) as server:
        config = server.config()
        result = Mosaia(config).run(auth.sign_in_with_password("a@b.c", PASSWORD, "c1"))
    error = result.failure()
    assert isinstance(error, DecodeError)
    assert ACCESS_TOKEN.encode() in error.body  # kept for diagnosis ...
    assert leaked(everything_logged(debug_logs) + repr(result) + repr(error)) == []  # ... masked


def test_logging_is_off_without_mosaia_log() -> None:
    level = LOGGER.level
    LOGGER.setLevel(logging.WARNING)  # what an application that never configured logging sees
    try:
        assert logger_from_env({}) is None
        executor = default_executor(MosaiaConfig(max_retries=0), environ={})
        assert isinstance(executor, Urllib3Executor)
    finally:
        LOGGER.setLevel(level)


def test_mosaia_log_info_turns_logging_on_at_info() -> None:
    level, handlers = LOGGER.level, list(LOGGER.handlers)
    try:
        logger = logger_from_env({"MOSAIA_LOG": "info"})
        executor = default_executor(MosaiaConfig(max_retries=0), environ={"MOSAIA_LOG": "info"})
        assert logger is LOGGER
        assert (LOGGER.level, isinstance(executor, LoggingExecutor)) == (logging.INFO, True)
    finally:
        LOGGER.setLevel(level)
        LOGGER.handlers[:] = handlers


# --- reprs and error values -------------------------------------------------------------------


def test_prepared_request_repr_masks_the_bearer_token_and_body() -> None:
    call = auth.sign_in_with_password("a@b.c", PASSWORD, "c1").with_header("X-Api-Key", API_KEY)
    prepared = prepare(call, MosaiaConfig(api_key=API_KEY)).unwrap()
    assert leaked(repr(prepared)) == []


def test_config_repr_masks_keys_and_proxy_password() -> None:
    config = MosaiaConfig(
        api_key=API_KEY, client_secret=CLIENT_SECRET, proxy_url=f"http://me:{PASSWORD}@proxy:3128"
    )
    assert leaked(repr(config) + str(config)) == []
    assert "http://me:***@proxy:3128" in repr(config)


def test_api_error_repr_masks_secrets_echoed_in_its_body() -> None:
    echoed = msgspec.json.encode({"error": {"message": "bad"}, "password": PASSWORD})
    response = HttpResponse(400, (("Set-Cookie", f"session={ACCESS_TOKEN}"),), echoed)
    result = decode(response, agents.get_by_id("a1"))
    assert isinstance(result, Failure)
    assert PASSWORD.encode() in result.failure().body
    assert leaked(repr(result.failure()) + repr(result)) == []


# --- curl -------------------------------------------------------------------------------------


def test_to_curl_masks_the_token_and_body_secrets_by_default() -> None:
    call = auth.sign_in_with_client("c1", CLIENT_SECRET).with_header("Authorization", API_KEY)
    command = to_curl(call, MosaiaConfig(api_key=API_KEY))
    assert leaked(command) == []
    assert "Authorization: ***" in command


def test_to_curl_shows_bearer_scheme_with_masked_token() -> None:
    command = to_curl(agents.get_by_id("a1"), MosaiaConfig(api_key=API_KEY))
    assert "'Authorization: Bearer ***'" in command
    assert API_KEY not in command


def test_to_curl_unredacted_is_the_exact_request() -> None:
    call = auth.sign_in_with_password("a@b.c", PASSWORD, "c1")
    command = to_curl(call, MosaiaConfig(api_key=API_KEY), redact=False)
    args = shlex.split(command)
    assert args[:3] == ["curl", "-X", "POST"]
    assert args[args.index("--data-binary") + 1].encode() == call.request.body


def test_to_curl_of_an_invalid_call_is_a_comment() -> None:
    assert to_curl(agents.get_by_id(""), MosaiaConfig()).startswith("# not sendable: ")


def test_to_curl_command_runs_against_the_served_simulator(
    server: SimulatorServer, sim: Simulator
) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    stored = sim.insert("/agent", {"name": "Curl Agent", "short_description": "via curl"})
    command = to_curl(agents.get_by_id(stored["id"]), server.config(), redact=False)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    done = subprocess.run(
        [*shlex.split(command), "--silent", "--show-error", "--fail"],
        capture_output=True,
        env=env,
        timeout=20,
        check=True,
    )
    answer: dict[str, Any] = msgspec.json.decode(done.stdout)
    assert answer["data"]["name"] == "Curl Agent"


# --- error messages, entities, malformed URLs, raising executors ------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (msgspec.json.encode({"password": PASSWORD, "detail": "no message here"}), None),
        (f"client_id=c1&client_secret={CLIENT_SECRET}".encode(), "text/plain"),
    ],
    ids=["json-without-message", "form"],
)
def test_an_error_message_quoting_the_body_masks_its_secrets(
    body: bytes, content_type: str | None
) -> None:
    headers = () if content_type is None else (("Content-Type", content_type),)
    error = decode(HttpResponse(502, headers, body), agents.get_by_id("a1")).failure()
    assert isinstance(error, ApiError)
    assert error.message.startswith("HTTP 502: ")
    assert leaked(error.message + str(error) + repr(error)) == []
    assert error.body == body  # the raw answer is still there for diagnosis


def test_a_decode_error_of_a_long_answer_masks_tokens_in_its_cut_body() -> None:
    # The error keeps only the start of the answer: no longer valid JSON, still masked.
    answer = {"access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN, "iat": []}
    body = msgspec.json.encode({"data": [{**answer, "padding": "x" * 400}]})
    error = decode(HttpResponse(200, (), body), auth.sign_in_with_client("c1", "s")).failure()
    assert isinstance(error, DecodeError)
    assert ACCESS_TOKEN.encode() in error.body
    assert leaked(repr(error) + str(error)) == []


@given(cut=st.integers(0, 200), secret=st.from_regex(r"[A-Za-z0-9]{8,24}", fullmatch=True))
def test_json_cut_anywhere_never_shows_a_secret_value_whole(cut: int, secret: str) -> None:
    document = msgspec.json.encode({"data": {"name": "n", "client_secret": secret, "id": 7}})
    assert secret not in redact_body(document[:cut])


@given(st.text(max_size=80))
def test_redacting_a_url_never_raises(text: str) -> None:
    assert isinstance(redact_url(text), str)
    assert isinstance(redact_url("http://u:pw@" + text + "?token=t"), str)


def test_a_config_with_a_malformed_proxy_url_still_has_a_masked_repr() -> None:
    config = MosaiaConfig(api_key=API_KEY, proxy_url=f"http://me:{PASSWORD}@[unclosed")
    client = Mosaia(config)  # building the default stack must not raise either
    assert leaked(repr(config) + repr(client)) == []
    error = client.run(agents.get_by_id("a1")).failure()
    assert isinstance(error, TransportError)
    assert error.code == "proxy_unsupported"
    assert leaked(repr(error)) == []


def test_config_repr_masks_a_password_in_the_base_url() -> None:
    config = MosaiaConfig(base_url=f"https://me:{PASSWORD}@api.example")
    assert leaked(repr(config)) == []
    assert "https://me:***@api.example" in repr(config)


SECRET_ENTITIES = [
    AuthToken(access_token=ACCESS_TOKEN, refresh_token=REFRESH_TOKEN, token_type="Bearer"),
    OAuthTokenResponse(access_token=ACCESS_TOKEN, refresh_token=REFRESH_TOKEN, expires_in=60),
    SessionToken(token=ACCESS_TOKEN),
    Client(name="web", client_secret=CLIENT_SECRET),
    App(name="a", external_api_key=API_KEY, external_headers={"Authorization": PASSWORD}),
    AppBot(app="a1", api_key=API_KEY),
    Self(client=Client(client_secret=CLIENT_SECRET)),
]


@pytest.mark.parametrize("entity", SECRET_ENTITIES, ids=lambda e: type(e).__name__)
def test_entities_holding_credentials_mask_them_in_repr_and_rich_repr(entity: Any) -> None:
    rich = repr(list(entity.__rich_repr__()))  # what rich and IPython pretty-print from
    assert leaked(repr(entity) + str(entity) + rich) == []
    assert "***" in repr(entity)


def test_a_non_string_credential_is_refused_without_quoting_it() -> None:
    problem = auth.sign_in_with_password("a@b.c", PASSWORD.encode(), "c1").problem  # type: ignore[arg-type]
    assert problem == "password is required (a non-empty string), got bytes"


class _Raising:
    """An executor breaking the protocol: it raises, quoting the request it was given."""

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        raise RuntimeError(f"cannot send {request.url} with {request.header('authorization')}")


def test_an_executor_that_raises_fails_the_call_with_secrets_masked() -> None:
    call = auth.sign_out(REFRESH_TOKEN)
    result = Mosaia(MosaiaConfig(api_key=API_KEY), _Raising()).run(call)
    error = result.failure()
    assert isinstance(error, TransportError)
    assert (error.code, error.sent) == ("executor", True)
    assert "RuntimeError: cannot send https://api.mosaia.ai/v1/auth/signout" in error.message
    assert leaked(repr(error)) == []

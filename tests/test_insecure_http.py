"""Credentials never travel in clear text, header values carry only what HTTP allows, and one
set of redaction rules masks them everywhere.

The remote host here is ``api.mosaia.test`` reached through a forward proxy on 127.0.0.1 (the
fault server): the config names a host that is not loopback, so the rule applies, and the proxy
shows exactly what would have gone out."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from faultserver import FaultServer, fault_server, reply
from returns.result import Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.api import agents, auth
from mosaia.config import prepare
from mosaia.errors import ApiError, InvalidRequest
from mosaia.executors import default_executor
from mosaia.executors._log import LOGGER
from mosaia.pkce import exchange_call, refresh_call
from mosaia.request import Call

REMOTE = "http://api.mosaia.test"
PASSWORD = "hunter2-PASSWORD-9z8y7x"
SECRET = "CLIENT-SECRET-5e6f7a8b"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

#: Each call carries a credential other than the API key, in its body, query or headers.
CARRYING_CREDENTIALS: dict[str, Call[Any]] = {
    "password": auth.sign_in_with_password("ada@example.com", PASSWORD, "c1"),
    "client_secret": auth.sign_in_with_client("c1", SECRET),
    "refresh_token": auth.refresh_token("REFRESH-TOKEN-5t6y7u8i"),
    "code": exchange_call(
        client_id="c1", redirect_uri="https://app/cb", code="CODE-1234", code_verifier=VERIFIER
    ),
    "oauth refresh_token": refresh_call(client_id="c1", refresh_token="REFRESH-TOKEN-5t6y7u8i"),
    "token (query)": auth.sign_out("ACCESS-TOKEN-1q2w3e4r"),
    "Authorization (header)": agents.get_by_id("a1").with_header("Authorization", "Bearer x1234"),
    "api_key (body)": agents.create({"name": "x", "external_api_key": "EXT-KEY-98765"}),
}


def through(proxy: FaultServer, **config: Any) -> Mosaia:
    """A client for :data:`REMOTE` sending through ``proxy``."""
    settings: dict[str, Any] = {
        "api_key": "k",
        "base_url": REMOTE,
        "proxy_url": proxy.url,
        "max_retries": 0,
    }
    cfg = MosaiaConfig(**{**settings, **config})
    return Mosaia(cfg, default_executor(cfg, environ={}))


@pytest.mark.parametrize("call", CARRYING_CREDENTIALS.values(), ids=CARRYING_CREDENTIALS.keys())
def test_a_credential_is_not_sent_over_plain_http_to_a_remote_host(call: Call[Any]) -> None:
    with fault_server() as proxy:
        result = through(proxy).run(call)
        assert proxy.count == 0

    error = result.failure()
    assert isinstance(error, InvalidRequest)
    assert "plain http" in error.message
    assert "allow_insecure_http" in error.message


@pytest.mark.parametrize("call", CARRYING_CREDENTIALS.values(), ids=CARRYING_CREDENTIALS.keys())
def test_allow_insecure_http_lets_a_credential_go_when_asked(call: Call[Any]) -> None:
    with fault_server(default=reply(200, json={"data": {"id": "a1"}})) as proxy:
        through(proxy, allow_insecure_http=True).run(call)
        assert proxy.count == 1


def test_the_refusal_names_the_credential_but_never_its_value() -> None:
    error = prepare(CARRYING_CREDENTIALS["password"], MosaiaConfig(base_url=REMOTE)).failure()
    assert "'password'" in error.message
    assert PASSWORD not in error.message


@pytest.mark.parametrize(
    "base_url", ["https://api.mosaia.test", "http://127.0.0.1:9", "http://localhost:9"]
)
def test_credentials_may_go_over_https_or_to_loopback(base_url: str) -> None:
    for call in CARRYING_CREDENTIALS.values():
        assert isinstance(prepare(call, MosaiaConfig(api_key="k", base_url=base_url)), Success)


def test_a_call_without_a_key_is_refused_for_the_key_not_for_plain_http() -> None:
    with fault_server() as proxy:
        result = through(proxy, api_key=None).run(agents.get_by_id("a1"))
        assert proxy.count == 0
    error = result.failure()
    assert isinstance(error, InvalidRequest)
    assert "MOSAIA_API_KEY" in error.message
    assert "plain http" not in error.message


# --- credentials in base_url ----------------------------------------------------------------------


def test_credentials_in_the_base_url_are_refused_not_silently_dropped() -> None:
    config = MosaiaConfig(base_url=f"https://me:{PASSWORD}@api.mosaia.test")
    error = Mosaia(config).run(agents.get_by_id("a1")).failure()
    assert isinstance(error, InvalidRequest)
    assert "base_url" in error.message
    assert "credentials" in error.message
    assert PASSWORD not in error.message
    assert "me:***@" in error.message


# --- control characters in header values ----------------------------------------------------------


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_a_control_character_in_a_header_value_is_refused_naming_the_header(char: str) -> None:
    with fault_server() as server:
        call = agents.get_by_id("a1").with_header("X-Trace", f"a{char}b")
        result = Mosaia(server.config(max_retries=0)).run(call)
        assert server.count == 0
    error = result.failure()
    assert isinstance(error, InvalidRequest)
    assert "'X-Trace'" in error.message


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\t\x00"])
def test_a_control_character_in_the_api_key_is_refused_without_quoting_the_key(char: str) -> None:
    key = f"sk-live-{char}-0a1b2c3d"
    with fault_server() as server:
        result = Mosaia(server.config(api_key=key, max_retries=0)).run(agents.get_by_id("a1"))
        assert server.count == 0
    error = result.failure()
    assert isinstance(error, InvalidRequest)
    assert "api_key" in error.message
    assert "0a1b2c3d" not in error.message


def test_a_tab_in_a_header_value_is_legal_and_sent() -> None:
    with fault_server() as server:
        call = agents.get_by_id("a1").with_header("X-Trace", "a\tb")
        result = Mosaia(server.config(max_retries=0)).run(call)
        received = server.received
    assert isinstance(result, Success)
    assert received[0].headers["x-trace"] == "a\tb"


def test_text_beyond_latin_1_in_a_header_value_is_refused_before_sending() -> None:
    with fault_server() as server:
        call = agents.get_by_id("a1").with_header("X-Name", "caf\u00e9 \u20ac")
        result = Mosaia(server.config(max_retries=0)).run(call)
        assert server.count == 0
    assert "'X-Name'" in result.failure().message


# --- one set of redaction rules: URLs inside headers ----------------------------------------------

OAUTH_CODE = "OAUTH-CODE-q1w2e3r4"
REDIRECT = f"https://app.example/cb?code={OAUTH_CODE}&state=s1"


@pytest.fixture
def debug_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[pytest.LogCaptureFixture]:
    """``MOSAIA_LOG=debug`` and every logger captured at DEBUG; the ``mosaia`` logger restored."""
    level, handlers = LOGGER.level, list(LOGGER.handlers)
    monkeypatch.setenv("MOSAIA_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    yield caplog
    LOGGER.setLevel(level)
    LOGGER.handlers[:] = handlers


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Location", REDIRECT),
        ("Content-Location", REDIRECT),
        ("Link", f'<{REDIRECT}>; rel="next"'),
        ("Refresh", f"0; url={REDIRECT}"),
    ],
)
def test_an_oauth_code_in_a_url_valued_header_is_masked_in_errors_and_debug_logs(
    debug_logs: pytest.LogCaptureFixture, header: str, value: str
) -> None:
    answer = reply(401, json={"error": {"message": "no"}}, headers={header: value})
    with fault_server(answer) as server:
        config = server.config(max_retries=0)
        error = Mosaia(config, default_executor(config)).run(agents.get_by_id("a1")).failure()

    assert isinstance(error, ApiError)
    shown = repr(error) + str(error) + debug_logs.text
    assert header in debug_logs.text  # the header was logged, and
    assert OAUTH_CODE not in shown  # its code was not
    assert error.header(header) == value  # the error value itself keeps what the server sent

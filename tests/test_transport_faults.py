"""The transport against a misbehaving server on 127.0.0.1: for each fault, the exact Failure,
how many requests reached the server, and that nothing raised (every test runs the call plainly:
an exception would fail it).

Clients here use the real default stack (urllib3 pool, retries, logging when enabled) with a
policy whose backoff is a few milliseconds, so the retry counts are real but the tests are fast.
"""

from __future__ import annotations

import socket
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
from faultserver import (
    AGENT,
    FaultServer,
    fault_server,
    oversized,
    reply,
    reset,
    self_signed,
    slow,
    truncated,
)
from returns.result import Failure, Success

from mosaia import Mosaia, MosaiaConfig, RetryPolicy, Timeout
from mosaia.api import agents
from mosaia.errors import (
    ApiError,
    DecodeError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RequestTimeout,
    TransportError,
)
from mosaia.executors import RetryingExecutor, Urllib3Executor, default_executor
from mosaia.retry import NO_RETRIES
from mosaia.types import Agent

FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)
ATTEMPTS = 1 + FAST.max_retries


def client_for(server: FaultServer, policy: RetryPolicy = FAST, **config: Any) -> Mosaia:
    """The default executor stack for ``server``, with ``policy`` and no environment proxies."""
    cfg = server.config(**config)
    return Mosaia(cfg, default_executor(cfg, policy=policy, environ={}))


def error_body(status: int, code: str) -> dict[str, Any]:
    return {"error": {"message": f"{code} happened", "code": code, "status": status}}


# --- connection faults ------------------------------------------------------------------------


def test_reset_connection_on_get_is_retried_then_fails_as_transport_error() -> None:
    with fault_server(reset(), reset(), reset()) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == ATTEMPTS
    assert isinstance(result, Failure)
    error = result.failure()
    assert isinstance(error, TransportError)
    assert error.code == "connection_broken"


def test_reset_connection_on_get_recovers_when_the_server_does() -> None:
    with fault_server(reset()) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == 2
    assert result == Success(Agent(id="a1", name="Agent One"))


def test_reset_connection_on_post_is_not_resent() -> None:
    with fault_server(reset()) as server:
        result = client_for(server).run(agents.create(name="x", short_description="y"))
        assert server.count == 1
    assert isinstance(result.failure(), TransportError)


def test_refused_connection_is_retried_even_for_post_since_nothing_was_sent() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        slept: list[float] = []
        executor = RetryingExecutor(Urllib3Executor(), FAST, sleep=slept.append)
        config = MosaiaConfig(api_key="k", base_url=f"http://127.0.0.1:{port}")
        result = Mosaia(config, executor).run(agents.create(name="x"))
    error = result.failure()
    assert isinstance(error, TransportError)
    assert (error.code, error.sent) == ("connect_error", False)
    assert len(slept) == FAST.max_retries


def test_body_cut_short_is_a_transport_error_after_retries() -> None:
    with fault_server(truncated(), truncated(), truncated()) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == ATTEMPTS
    error = result.failure()
    assert isinstance(error, TransportError)
    assert error.code == "connection_broken"


def test_answer_slower_than_read_timeout_is_a_timeout_error_after_retries() -> None:
    with fault_server(slow(2.0), slow(2.0), slow(2.0)) as server:
        client = client_for(server, timeout=Timeout(connect=2.0, read=0.2))
        result = client.run(agents.get_by_id("a1"))
        assert server.count == ATTEMPTS
    error = result.failure()
    assert isinstance(error, RequestTimeout)
    assert error.phase == "read"


def test_per_call_timeout_overrides_the_config_end_to_end() -> None:
    with fault_server(slow(3.0)) as server:
        client = client_for(server, policy=NO_RETRIES, timeout=30.0)
        started = time.monotonic()
        result = client.run(agents.get_by_id("a1").with_timeout(0.2))
        elapsed = time.monotonic() - started
        assert server.count == 1
    assert isinstance(result.failure(), RequestTimeout)
    assert elapsed < 2.5  # generous: the call's 0.2 s won over the config's 30 s


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "chunked"])
def test_oversized_body_is_a_failure_and_not_retried(declare: bool) -> None:
    with fault_server(oversized(300_000, declare=declare)) as server:
        client = client_for(server, max_response_bytes=100_000)
        result = client.run(agents.get_by_id("a1"))
        assert server.count == 1
    error = result.failure()
    assert isinstance(error, TransportError)
    assert error.code == "response_too_large"


# --- error answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_on_get_are_retried_then_fail_with_status_and_request_id(
    status: int,
) -> None:
    answer = reply(status, json=error_body(status, "UPSTREAM"))
    with fault_server(answer, answer, answer) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == ATTEMPTS
    error = result.failure()
    assert isinstance(error, InternalServerError)
    assert (error.status, error.code, error.request_id) == (status, "UPSTREAM", "fault-3")


def test_post_answered_500_reaches_the_server_exactly_once() -> None:
    with fault_server(reply(500, json=error_body(500, "BOOM"))) as server:
        result = client_for(server).run(agents.create(name="x", short_description="y"))
        assert server.count == 1
    assert isinstance(result.failure(), InternalServerError)


def test_post_with_idempotency_key_is_retried_with_the_same_key() -> None:
    boom = reply(500, json=error_body(500, "BOOM"))
    with fault_server(boom, boom) as server:
        call = agents.create(name="x", short_description="y").with_idempotency_key("k-1")
        result = client_for(server).run(call)
        keys = [r.headers.get("idempotency-key") for r in server.received]
    assert isinstance(result, Success)
    assert keys == ["k-1", "k-1", "k-1"]


def test_retry_after_seconds_and_http_date_are_honoured_exactly() -> None:
    now = 1_700_000_000.0
    later = formatdate(now + 3, usegmt=True)
    script = (
        reply(429, json=error_body(429, "SLOW_DOWN"), headers={"Retry-After": "2"}),
        reply(503, headers={"Retry-After": later}),
    )
    slept: list[float] = []
    with fault_server(*script) as server:
        executor = RetryingExecutor(
            Urllib3Executor(), RetryPolicy(), sleep=slept.append, clock=lambda: now
        )
        result = Mosaia(server.config(), executor).run(agents.get_by_id("a1"))
        assert server.count == 3
    assert isinstance(result, Success)
    assert slept == [2.0, 3.0]


def test_retry_after_beyond_the_cap_fails_at_once_with_the_servers_answer() -> None:
    limited = reply(429, json=error_body(429, "SLOW_DOWN"), headers={"Retry-After": "3600"})
    slept: list[float] = []
    with fault_server(limited) as server:
        executor = RetryingExecutor(Urllib3Executor(), RetryPolicy(), sleep=slept.append)
        result = Mosaia(server.config(), executor).run(agents.get_by_id("a1"))
        assert server.count == 1
    error = result.failure()
    assert isinstance(error, RateLimitError)
    assert error.header("retry-after") == "3600"
    assert slept == []


def test_default_client_retries_with_the_servers_retry_after() -> None:
    busy = reply(503, headers={"Retry-After": "0"})
    with fault_server(busy, busy) as server:
        result = Mosaia(server.config()).run(agents.get_by_id("a1"))
        assert server.count == 3
    assert isinstance(result, Success)


def test_a_post_answered_429_is_sent_again_and_succeeds() -> None:
    # A 429 means the rate limiter refused the request before anything ran: resending a POST
    # cannot create anything twice, so it is retried like a GET.
    limited = reply(429, json=error_body(429, "SLOW_DOWN"), headers={"Retry-After": "0"})
    created = reply(200, json={"data": AGENT})
    with fault_server(limited, created) as server:
        result = client_for(server).run(agents.create(name="Agent One"))
        assert [r.method for r in server.received] == ["POST", "POST"]
    assert result == Success(Agent(id="a1", name="Agent One"))


def test_a_post_answered_503_without_retry_after_is_not_resent() -> None:
    with fault_server(reply(503, json=error_body(503, "DOWN"))) as server:
        result = client_for(server).run(agents.create(name="Agent One"))
        assert server.count == 1
    assert isinstance(result.failure(), InternalServerError)


def test_non_json_error_page_keeps_status_snippet_and_raw_body() -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    answer = reply(502, page, headers={"Content-Type": "text/html"})
    with fault_server(answer, answer, answer) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == ATTEMPTS
    error = result.failure()
    assert isinstance(error, InternalServerError)
    assert error.status == 502
    assert "502 Bad Gateway" in error.message
    assert error.body == page


def test_not_found_is_not_retried() -> None:
    with fault_server(reply(404, json=error_body(404, "AGENT_NOT_FOUND"))) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == 1
    assert isinstance(result.failure(), NotFoundError)


def test_invalid_json_in_a_200_is_a_decode_error_and_not_retried() -> None:
    with fault_server(reply(200, b'{"data": {"id": "a1",')) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == 1
    error = result.failure()
    assert isinstance(error, DecodeError)
    assert error.status == 200


def test_an_answer_of_the_wrong_shape_in_a_200_names_the_path() -> None:
    # (A mistyped field alone costs only that field: tests/test_tolerant_decode.py.)
    with fault_server(reply(200, json={"data": [{"id": "a1", "name": 7}]})) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == 1
    error = result.failure()
    assert isinstance(error, DecodeError)
    assert error.path == "$.data"


def test_error_inside_a_200_is_an_api_error_of_the_nested_status() -> None:
    body = {"data": None, "error": error_body(429, "QUOTA")["error"]}
    with fault_server(reply(200, json=body)) as server:
        result = client_for(server).run(agents.get_by_id("a1"))
        assert server.count == 1
    error = result.failure()
    assert isinstance(error, RateLimitError)
    assert (error.code, error.request_id) == ("QUOTA", "fault-1")


# --- success metadata, proxies, TLS -----------------------------------------------------------


def test_run_with_response_carries_status_headers_and_request_id() -> None:
    with fault_server(reply(200, json={"data": AGENT}, headers={"X-Extra": "yes"})) as server:
        result = client_for(server).run_with_response(agents.get_by_id("a1"))
    response = result.unwrap()
    assert response.value == Agent(id="a1", name="Agent One")
    assert (response.status, response.request_id, response.header("x-extra")) == (
        200,
        "fault-1",
        "yes",
    )


def test_run_with_response_fails_like_run() -> None:
    with fault_server(reply(404, json=error_body(404, "NOPE"))) as server:
        result = client_for(server).run_with_response(agents.get_by_id("a1"))
    assert isinstance(result.failure(), ApiError)


def test_config_proxy_url_sends_requests_through_the_proxy() -> None:
    with fault_server() as proxy:
        config = proxy.config(
            allow_insecure_http=True, base_url="http://api.mosaia.test", proxy_url=proxy.url
        )
        result = Mosaia(config, default_executor(config, environ={})).run(agents.get_by_id("a1"))
        paths = [r.path for r in proxy.received]
    assert isinstance(result, Success)
    assert paths == ["http://api.mosaia.test/v1/agent/a1"]


def test_environment_proxy_is_used_for_a_remote_base_url() -> None:
    with fault_server() as proxy:
        config = proxy.config(allow_insecure_http=True, base_url="http://api.mosaia.test")
        executor = default_executor(config, environ={"HTTP_PROXY": proxy.url})
        result = Mosaia(config, executor).run(agents.get_by_id("a1"))
        assert proxy.count == 1
    assert isinstance(result, Success)


def test_proxy_credentials_travel_as_proxy_authorization() -> None:
    with fault_server() as proxy:
        url = proxy.url.replace("http://", "http://user:p%40ss@")
        config = proxy.config(
            allow_insecure_http=True, base_url="http://api.mosaia.test", proxy_url=url
        )
        Mosaia(config, default_executor(config, environ={})).run(agents.get_by_id("a1"))
        received = proxy.received
    assert received[0].headers["proxy-authorization"] == "Basic dXNlcjpwQHNz"


def test_unsupported_proxy_scheme_fails_every_request_without_raising() -> None:
    config = MosaiaConfig(api_key="k", proxy_url="socks5://127.0.0.1:1")
    result = Mosaia(config, default_executor(config, environ={})).run(agents.get_by_id("a1"))
    error = result.failure()
    assert isinstance(error, TransportError)
    assert error.code == "proxy_unsupported"


def test_tls_is_verified_by_default_and_a_failure_is_not_retried(tmp_path: Path) -> None:
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("openssl is not installed")
    context, _ = made
    slept: list[float] = []
    with fault_server(tls=context) as server:
        executor = RetryingExecutor(Urllib3Executor(), FAST, sleep=slept.append)
        result = Mosaia(server.config(), executor).run(agents.get_by_id("a1"))
        assert server.count == 0
    error = result.failure()
    assert isinstance(error, TransportError)
    assert (error.code, slept) == ("tls_error", [])


def test_tls_succeeds_against_an_explicitly_trusted_certificate(tmp_path: Path) -> None:
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("openssl is not installed")
    context, cert = made
    with fault_server(tls=context) as server:
        executor = Urllib3Executor(ca_certs=str(cert))
        result = Mosaia(server.config(), executor).run(agents.get_by_id("a1"))
    assert result == Success(Agent(id="a1", name="Agent One"))

"""``MosaiaConfig``: timeouts, the retry policy it implies, proxies, and the default executor
stack it builds."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mosaia import MosaiaConfig, RetryPolicy, Timeout
from mosaia.api import agents
from mosaia.config import prepare
from mosaia.errors import InvalidRequest
from mosaia.executors import RetryingExecutor, Urllib3Executor, default_executor
from mosaia.executors._stack import bypasses, proxy_for
from mosaia.request import Call
from mosaia.retry import NO_RETRIES


def timeout_of(config: MosaiaConfig, call: Call[Any] | None = None) -> Timeout:
    return prepare(call or agents.get_by_id("a1"), config.replace(api_key="k")).unwrap().timeout


def test_one_number_sets_both_connect_and_read_timeouts() -> None:
    assert timeout_of(MosaiaConfig(timeout=2.5)) == Timeout(connect=2.5, read=2.5)


def test_a_timeout_value_sets_connect_and_read_separately() -> None:
    assert timeout_of(MosaiaConfig(timeout=Timeout(connect=3, read=120))) == Timeout(3, 120)


def test_default_timeouts_are_finite_and_positive() -> None:
    default = timeout_of(MosaiaConfig())
    assert all(math.isfinite(t) and t > 0 for t in (default.connect, default.read))


def test_a_call_timeout_wins_over_the_config() -> None:
    call = agents.get_by_id("a1").with_timeout(Timeout(connect=1, read=7))
    assert timeout_of(MosaiaConfig(timeout=30), call) == Timeout(1, 7)


@pytest.mark.parametrize("bad", [0, -1, math.inf, math.nan, Timeout(connect=1, read=math.inf)])
def test_a_zero_negative_or_infinite_config_timeout_is_refused(bad: float | Timeout) -> None:
    prepared = prepare(agents.get_by_id("a1"), MosaiaConfig(api_key="k", timeout=bad))
    assert isinstance(prepared.failure(), InvalidRequest)


@pytest.mark.parametrize("bad", [0, -0.5, math.inf, math.nan])
def test_a_zero_negative_or_infinite_call_timeout_is_refused(bad: float) -> None:
    prepared = prepare(agents.get_by_id("a1").with_timeout(bad), MosaiaConfig(api_key="k"))
    assert isinstance(prepared.failure(), InvalidRequest)


@given(st.integers(0, 20))
def test_max_retries_sets_the_policy(n: int) -> None:
    assert MosaiaConfig(max_retries=n).retry_policy == RetryPolicy(max_retries=n)


def test_an_explicit_retry_policy_wins_over_max_retries() -> None:
    policy = RetryPolicy(max_retries=5, backoff_base=0.1)
    assert MosaiaConfig(max_retries=1, retry=policy).retry_policy is policy


def test_default_executor_retries_by_default() -> None:
    executor = default_executor(MosaiaConfig(), environ={})
    assert isinstance(executor, RetryingExecutor)
    assert executor.policy == RetryPolicy(max_retries=2)


def test_default_executor_without_retries_is_the_bare_pool() -> None:
    assert isinstance(default_executor(MosaiaConfig(retry=NO_RETRIES), environ={}), Urllib3Executor)


def test_from_env_reads_mosaia_variables() -> None:
    env = {"MOSAIA_API_KEY": "k", "MOSAIA_BASE_URL": "https://x.example", "MOSAIA_ORG": "o1"}
    config = MosaiaConfig.from_env(env)
    assert (config.api_key, config.base_url, config.org) == ("k", "https://x.example", "o1")


# --- proxies ----------------------------------------------------------------------------------

REMOTE = MosaiaConfig(base_url="https://api.mosaia.ai")


def test_explicit_proxy_url_wins_over_the_environment() -> None:
    config = REMOTE.replace(proxy_url="http://corp:3128")
    assert proxy_for(config, {"HTTPS_PROXY": "http://other:1"}) == "http://corp:3128"


def test_https_proxy_applies_to_an_https_base_url() -> None:
    assert proxy_for(REMOTE, {"HTTPS_PROXY": "http://p:3128"}) == "http://p:3128"
    assert proxy_for(REMOTE, {"HTTP_PROXY": "http://p:3128"}) is None


def test_lowercase_proxy_variable_wins() -> None:
    env = {"https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:1"}
    assert proxy_for(REMOTE, env) == "http://lower:1"


def test_a_proxy_without_scheme_is_http() -> None:
    assert proxy_for(REMOTE, {"HTTPS_PROXY": "p:3128"}) == "http://p:3128"


def test_uppercase_http_proxy_is_ignored_under_cgi() -> None:
    config = REMOTE.replace(base_url="http://api.internal")
    env = {"HTTP_PROXY": "http://attacker:1", "REQUEST_METHOD": "GET"}
    assert proxy_for(config, env) is None


def test_loopback_is_never_sent_to_an_environment_proxy() -> None:
    config = REMOTE.replace(base_url="http://127.0.0.1:8787")
    assert proxy_for(config, {"HTTP_PROXY": "http://p:3128"}) is None


@pytest.mark.parametrize(
    ("no_proxy", "expected"),
    [
        ("*", None),
        ("api.mosaia.ai", None),
        ("mosaia.ai", None),
        (".mosaia.ai", None),
        ("example.com, mosaia.ai", None),
        ("api.mosaia.ai:443", None),
        ("api.mosaia.ai:8443", "http://p:3128"),
        ("ai.mosaia", "http://p:3128"),
        ("osaia.ai", "http://p:3128"),
        ("", "http://p:3128"),
    ],
)
def test_no_proxy_exempts_matching_hosts(no_proxy: str, expected: str | None) -> None:
    assert proxy_for(REMOTE, {"HTTPS_PROXY": "http://p:3128", "NO_PROXY": no_proxy}) == expected


@pytest.mark.parametrize(
    ("entry", "host", "port", "expected"),
    [
        ("[::1]:8080", "::1", 8080, True),
        ("::1", "::1", 443, True),
        ("10.0.0.1", "10.0.0.1", 80, True),
        ("10.0.0.1:81", "10.0.0.1", 80, False),
    ],
)
def test_no_proxy_entries_with_addresses_and_ports(
    entry: str, host: str, port: int, expected: bool
) -> None:
    assert bypasses(entry, host, port) is expected

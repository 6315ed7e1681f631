"""``prepare``'s safety rules: where the bearer token may go, what may not be smuggled into a
header or a path, and that a refused call sends nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result

from mosaia import Mosaia, MosaiaConfig
from mosaia.api import agents, auth
from mosaia.api._crud import build, expand
from mosaia.config import is_loopback, prepare
from mosaia.errors import InvalidRequest, MosaiaError
from mosaia.testing import FakeExecutor
from mosaia.types import Agent

KEY = "k-0123456789"


@pytest.mark.parametrize(
    "base_url",
    [
        "http://api.mosaia.ai",
        "http://10.0.0.5:8080",
        "http://127.0.0.1.attacker.example",
        "http://localhost.attacker.example",
    ],
)
def test_bearer_token_is_refused_over_plain_http_to_a_remote_host(base_url: str) -> None:
    config = MosaiaConfig(api_key=KEY, base_url=base_url)
    error = prepare(agents.get_by_id("a1"), config).failure()
    assert isinstance(error, InvalidRequest)
    assert KEY not in error.message


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:9", "http://127.8.9.10"],
)
def test_bearer_token_may_go_over_plain_http_to_loopback(base_url: str) -> None:
    prepared = prepare(agents.get_by_id("a1"), MosaiaConfig(api_key=KEY, base_url=base_url))
    assert prepared.unwrap().header("authorization") == f"Bearer {KEY}"


def test_allow_insecure_http_lets_the_token_go_over_plain_http() -> None:
    config = MosaiaConfig(api_key=KEY, base_url="http://api.internal", allow_insecure_http=True)
    assert prepare(agents.get_by_id("a1"), config).unwrap().header("authorization")


def test_plain_http_without_a_credential_to_send_is_allowed() -> None:
    remote = MosaiaConfig(api_key=KEY, base_url="http://api.internal")
    # Without a key an authenticated call is refused for the key, never for plain http.
    for call in (agents.get_by_id("a1"), agents.get_all().with_query(org="o1")):
        refused = prepare(call, remote.replace(api_key=None)).failure()
        assert isinstance(refused, InvalidRequest)
        assert "MOSAIA_API_KEY" in refused.message
        assert "plain http" not in refused.message
    # A sign-in never carries the key (when it is let through, it carries only its own secret).
    insecure = remote.replace(allow_insecure_http=True)
    signing_in = prepare(auth.sign_in_with_client("c", "s"), insecure).unwrap()
    assert signing_in.header("authorization") is None


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.255.0.1", "::1", "LOCALHOST"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["127.0.0.1.nip.io", "10.0.0.1", "::2", "localhost.evil", "0"])
def test_hosts_that_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"])
def test_control_characters_in_a_header_value_fail_and_send_nothing(value: str) -> None:
    fake = FakeExecutor()
    result = Mosaia(MosaiaConfig(api_key=KEY), fake).run(
        agents.get_by_id("a1").with_header("X-Trace", value)
    )
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), InvalidRequest)
    assert fake.requests == []


@pytest.mark.parametrize("name", ["X Trace", "X-Trace:", "", "Ünïcode", "X\r\nY"])
def test_a_header_name_that_is_not_a_token_is_refused(name: str) -> None:
    call = agents.get_by_id("a1").with_header(name, "v")
    assert isinstance(prepare(call, MosaiaConfig()).failure(), InvalidRequest)


def test_control_characters_in_an_idempotency_key_are_refused() -> None:
    call = agents.create(name="x").with_idempotency_key("k\r\n1")
    assert isinstance(prepare(call, MosaiaConfig()).failure(), InvalidRequest)


def test_an_api_key_with_a_newline_is_refused() -> None:
    config = MosaiaConfig(api_key="k\nX-Evil: 1")
    assert isinstance(prepare(agents.get_by_id("a1"), config).failure(), InvalidRequest)


@pytest.mark.parametrize("bad", ["a\rb", "a\nb", "a\0b", "\r\n"])
def test_control_characters_in_an_id_fail_and_send_nothing(bad: str) -> None:
    fake = FakeExecutor()
    result = Mosaia(MosaiaConfig(), fake).run(agents.get_by_id(bad))
    assert isinstance(result.failure(), InvalidRequest)
    assert fake.requests == []


@given(org=st.text(max_size=30), user=st.text(max_size=30))
def test_ids_never_escape_their_path_segment_in_the_prepared_url(org: str, user: str) -> None:
    call = build("GET", expand("/org/{org}/user/{user}", org=org, user=user)).one(Agent)
    prepared = prepare(call, MosaiaConfig(api_key=KEY, base_url="https://api.example"))
    if call.problem is not None:
        assert isinstance(prepared.failure(), InvalidRequest)
        return
    url = urlsplit(prepared.unwrap().url)
    assert (url.query, url.fragment) == ("", "")
    segments = url.path.split("/")
    assert segments[:3] == ["", "v1", "org"]
    assert segments[4] == "user"
    assert [unquote(segments[3]), unquote(segments[5])] == [org, user]
    assert len(segments) == 6


def test_the_response_cap_travels_with_the_request() -> None:
    prepared = prepare(
        agents.get_by_id("a1"), MosaiaConfig(api_key=KEY, max_response_bytes=1234)
    ).unwrap()
    assert prepared.max_body == 1234


def test_the_default_response_cap_is_64_mib() -> None:
    assert (
        prepare(agents.get_by_id("a1"), MosaiaConfig(api_key=KEY)).unwrap().max_body
        == 64 * 1024 * 1024
    )


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"base_url": ["https://api.example"]}, "base_url must be a string"),
        ({"version": None}, "version must be a string"),
        ({"api_key": 12345}, "api_key must be a string"),
    ],
    ids=["base-url-list", "version-none", "api-key-int"],
)
def test_a_config_value_of_the_wrong_type_is_an_invalid_request(
    changes: dict[str, object], says: str
) -> None:
    fake = FakeExecutor()
    result = Mosaia(MosaiaConfig(**changes), fake).run(agents.get_by_id("a1"))  # type: ignore[arg-type]
    error = result.failure()
    assert isinstance(error, InvalidRequest)
    assert error.message.startswith(says)
    assert fake.requests == []


@pytest.mark.parametrize("version", ["", "1/../admin", "1?debug=1", "1#x", "1 "])
def test_a_version_that_would_change_the_url_is_refused(version: str) -> None:
    prepared = prepare(agents.get_by_id("a1"), MosaiaConfig(version=version))
    assert isinstance(prepared.failure(), InvalidRequest)


@pytest.mark.parametrize(("version", "root"), [("2", "/v2"), ("1.1-beta", "/v1.1-beta")])
def test_a_plain_version_is_spliced_into_the_root(version: str, root: str) -> None:
    url = prepare(agents.get_by_id("a1"), MosaiaConfig(api_key=KEY, version=version)).unwrap().url
    assert url == f"https://api.mosaia.ai{root}/agent/a1"


def test_a_refused_base_url_is_not_quoted_with_its_password() -> None:
    config = MosaiaConfig(base_url="ftp://me:pa55word@files.example")
    error = prepare(agents.get_by_id("a1"), config).failure()
    assert isinstance(error, InvalidRequest)
    assert "pa55word" not in error.message
    assert "ftp://me:***@files.example" in error.message


@pytest.mark.parametrize("not_a_call", [None, "agents.get_by_id", agents.get_by_id])
def test_running_something_that_is_not_a_call_is_an_invalid_request(not_a_call: object) -> None:
    fake = FakeExecutor()
    client = Mosaia(MosaiaConfig(api_key=KEY), fake)
    assert isinstance(client.run(not_a_call).failure(), InvalidRequest)  # type: ignore[arg-type]
    response: Result[Any, MosaiaError] = client.run_with_response(not_a_call)  # type: ignore[arg-type]
    assert isinstance(response.failure(), InvalidRequest)
    assert fake.requests == []

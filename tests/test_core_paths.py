"""Ids stay inside their path segment, and caller mistakes are caught before sending."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure

from mosaia import Mosaia
from mosaia.api import agents, auth
from mosaia.config import MosaiaConfig, prepare
from mosaia.errors import InvalidRequest
from mosaia.testing import Simulator


@given(st.text(max_size=60))
def test_any_id_becomes_one_segment_that_decodes_back_or_is_refused(id: str) -> None:
    call = agents.get_by_id(id)
    if call.problem is not None:
        assert id in ("", ".", "..") or any(ch in id for ch in "\r\n\0")
        return
    prefix, _, segment = call.request.path.rpartition("/")
    assert prefix == "/agent"
    assert not {"/", "?", "#"} & set(segment)
    assert unquote(segment) == id


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_an_unusable_id_fails_without_sending_anything(bad: str, sim: Simulator) -> None:
    client = Mosaia(sim.config(), sim)
    result = client.agents.get_by_id(bad)
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), InvalidRequest)
    assert sim.requests == []


def test_an_invalid_call_does_not_prepare() -> None:
    prepared = prepare(agents.delete(""), MosaiaConfig(api_key="k"))
    assert isinstance(prepared.failure(), InvalidRequest)


def test_prepare_joins_base_url_version_and_path() -> None:
    config = MosaiaConfig(api_key="k", base_url="https://api.example.test/", version="2")
    request = prepare(agents.get_by_id("a1"), config).unwrap()
    assert request.url == "https://api.example.test/v2/agent/a1"


def test_prepare_sends_bearer_auth_user_agent_and_json_headers() -> None:
    request = prepare(agents.create({"name": "x"}), MosaiaConfig(api_key="k")).unwrap()
    headers = dict(request.headers)
    assert headers["Authorization"] == "Bearer k"
    assert headers["User-Agent"].startswith("mosaia-python/")
    assert headers["Accept"] == "application/json"
    assert headers["Content-Type"] == "application/json"


def test_without_a_key_an_authenticated_call_is_refused_naming_the_variable() -> None:
    error = prepare(agents.get_all(), MosaiaConfig()).failure()
    assert isinstance(error, InvalidRequest)
    assert "MOSAIA_API_KEY" in error.message


def test_without_a_key_a_sign_in_is_sent_with_no_authorization_header() -> None:
    call = auth.sign_in_with_client("client-id", "client-secret")
    request = prepare(call, MosaiaConfig()).unwrap()
    assert request.header("authorization") is None


def test_a_bodyless_request_sends_no_content_type() -> None:
    request = prepare(agents.get_all(), MosaiaConfig(api_key="k")).unwrap()
    assert request.header("content-type") is None

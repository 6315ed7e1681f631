"""Query parameters are encoded exactly as the API reference says."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from mosaia.api import agents
from mosaia.config import MosaiaConfig, prepare

CONFIG = MosaiaConfig(api_key="k")


def url_of(params: dict[str, Any] | None) -> str:
    return prepare(agents.get_all(params), CONFIG).unwrap().url


def test_no_params_sends_no_question_mark() -> None:
    assert url_of(None) == "https://api.mosaia.ai/v1/agent"
    assert url_of({}) == "https://api.mosaia.ai/v1/agent"


def test_booleans_are_lowercase() -> None:
    assert url_of({"active": True, "public": False}).endswith("?active=true&public=false")


def test_none_values_are_dropped() -> None:
    assert url_of({"search": None, "limit": 10}).endswith("/agent?limit=10")


def test_lists_become_repeated_keys() -> None:
    assert url_of({"tags": ["a", "b"]}).endswith("?tags=a&tags=b")


def test_unsupported_values_make_the_call_invalid() -> None:
    assert agents.get_all({"when": object()}).problem is not None


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=20), max_size=6))
def test_any_string_params_round_trip_through_the_url(params: dict[str, str]) -> None:
    params = {k: v for k, v in params.items() if "\0" not in k + v}
    query = urlsplit(url_of(params)).query
    assert parse_qsl(query, keep_blank_values=True) == list(params.items())

"""Query parameters are encoded exactly as the API reference says."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mosaia.api import agents
from mosaia.config import MosaiaConfig, prepare
from mosaia.request import query_pairs

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


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinite_numbers_make_the_call_invalid(bad: float) -> None:
    assert agents.get_all({"limit": bad}).problem is not None
    assert agents.get_all({"tags": ["a", bad]}).problem is not None


def test_floats_are_sent_as_plain_decimals_never_with_an_exponent() -> None:
    assert url_of({"temperature": 0.5}).endswith("?temperature=0.5")
    assert url_of({"min": 1e-07, "max": 1e20}).endswith("?min=0.0000001&max=100000000000000000000")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_is_a_decimal_that_reads_back_as_itself(value: float) -> None:
    pairs = query_pairs({"x": value})
    assert not isinstance(pairs, str)
    ((_, text),) = pairs
    assert "e" not in text.lower()
    assert float(text) == value

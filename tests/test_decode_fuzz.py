"""``decode`` never raises, whatever the bytes, status and headers: fuzzed with hypothesis."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import example, given
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from mosaia._types.base import type_name
from mosaia.decode import decode_as
from mosaia.errors import ApiError, MosaiaError, is_sdk_error
from mosaia.http import HttpResponse
from mosaia.request import Shape
from mosaia.types import Agent, AuthToken, ChatCompletion

SHAPES: list[Shape] = ["one", "page", "first", "none", "bare", "stream", "folded"]
TYPES = [type_name(t) for t in (Agent, ChatCompletion, AuthToken, type(None))] + [
    "no.such:Type",
    "this:Zen",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
envelope_keys = st.sampled_from(["data", "paging", "error", "meta", "message", "code", "id"])
envelopes = st.dictionaries(envelope_keys, json_values, max_size=4)
deep = st.integers(1, 5000).map(lambda n: b"[" * n) | st.integers(1, 5000).map(
    lambda n: b'{"data":' * n
)
bodies = (
    st.binary(max_size=300)
    | json_values.map(msgspec.json.encode)
    | envelopes.map(msgspec.json.encode)
    | deep
)
some_headers = st.lists(st.tuples(st.text(max_size=20), st.text(max_size=40)), max_size=4)
events = st.just([("Content-Type", "text/event-stream")])
headers = (some_headers | events).map(tuple)
responses = st.builds(HttpResponse, status=st.integers(0, 999), headers=headers, body=bodies)


def decode_any(response: HttpResponse, shape: Shape, name: str) -> Result[Any, MosaiaError]:
    # Any exception escaping here fails the property: that is the point.
    return decode_as(response, shape, name)


@given(response=responses, shape=st.sampled_from(SHAPES), name=st.sampled_from(TYPES))
@example(HttpResponse(200, (), b"[" * 100_000), "one", TYPES[0])
@example(HttpResponse(500, (), b'{"error":' + b"[" * 100_000), "one", TYPES[0])
def test_decode_never_raises_and_fails_only_with_sdk_errors(
    response: HttpResponse, shape: Shape, name: str
) -> None:
    result = decode_any(response, shape, name)
    assert isinstance(result, Success | Failure)
    if isinstance(result, Failure):
        assert is_sdk_error(result.failure())


@given(
    response=responses.filter(lambda r: not 200 <= r.status < 300),
    shape=st.sampled_from(SHAPES),
)
def test_every_non_2xx_is_an_api_error_keeping_status_and_raw_body(
    response: HttpResponse, shape: Shape
) -> None:
    error = decode_any(response, shape, TYPES[0]).failure()
    assert isinstance(error, ApiError)
    assert (error.status, error.body) == (response.status, response.body)


@given(status=st.integers(200, 299), request_id=st.text(min_size=1, max_size=20))
def test_an_error_answer_carries_the_request_id_header(status: int, request_id: str) -> None:
    body = msgspec.json.encode({"error": {"message": "no", "code": "NO", "status": 403}})
    response = HttpResponse(status, (("X-Request-Id", request_id),), body)
    error = decode_any(response, "one", TYPES[0]).failure()
    assert isinstance(error, ApiError)
    assert (error.status, error.request_id, error.code) == (403, request_id, "NO")

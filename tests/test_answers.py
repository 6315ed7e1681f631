"""One shape for the testing kit's answers: the fake executor, the simulator and its fault knobs
all write the public ``ErrorResponse`` / ``APIResponse`` Structs of ``mosaia.types``."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from mosaia.http import HttpRequest
from mosaia.testing import DEFAULT_API_KEY, Faults, Simulator, error, ok, page
from mosaia.testing._answers import data_answer, error_answer
from mosaia.types import APIResponse, ErrorDetail, ErrorResponse, Paging

statuses = st.integers(min_value=400, max_value=599)
codes = st.none() | st.from_regex(r"[A-Z_]{1,20}", fullmatch=True)
messages = st.text(max_size=40)


@given(statuses, codes, messages)
def test_an_error_body_is_the_error_response_it_was_asked_for(
    status: int, code: str | None, message: str
) -> None:
    answer = error_answer(status, code=code, message=message)
    wanted = ErrorResponse(error=ErrorDetail(message=message, code=code, status=status))
    assert answer.status == status
    assert answer.body == msgspec.json.encode(wanted)
    assert msgspec.json.decode(answer.body, type=ErrorResponse) == wanted


@given(statuses, codes, st.text(min_size=1, max_size=40))
def test_the_fake_writes_errors_as_the_simulator_does(
    status: int, code: str | None, message: str
) -> None:
    assert error(status, code=code, message=message) == error_answer(
        status, code=code, message=message
    )


def test_a_fake_error_without_a_code_leaves_the_code_out() -> None:
    decoded = msgspec.json.decode(error(503).body, type=ErrorResponse)
    assert decoded.error == ErrorDetail(message="simulated HTTP 503", status=503)
    assert b"code" not in error(503).body


@given(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
def test_a_success_is_the_api_response_around_its_data(data: dict[str, Any]) -> None:
    assert ok(data) == data_answer(data)
    decoded = msgspec.json.decode(ok(data).body, type=APIResponse[dict[str, int]])
    assert decoded == APIResponse(data=data)


def test_a_page_carries_its_paging_after_the_data() -> None:
    body = page([{"id": "a1"}], offset=2, limit=5, total=9).body
    assert body == b'{"data":[{"id":"a1"}],"paging":{"offset":2,"limit":5,"total":9}}'
    decoded = msgspec.json.decode(body, type=APIResponse[list[dict[str, str]]])
    assert decoded.paging == Paging(offset=2, limit=5, total=9)


def _get(sim: Simulator, path: str) -> ErrorResponse:
    auth = ("Authorization", f"Bearer {DEFAULT_API_KEY}")
    answer = sim.handle(
        HttpRequest(method="GET", url="https://s.invalid/v1" + path, headers=(auth,))
    )
    return msgspec.json.decode(answer.body, type=ErrorResponse)


def test_the_simulators_errors_and_faults_are_error_responses() -> None:
    missing = _get(Simulator(), "/agent/nope")
    assert missing.error == ErrorDetail(
        message="agent 'nope' not found", code="AGENT_NOT_FOUND", status=404
    )
    forced = _get(Simulator(faults=Faults(statuses={("GET", "/agent"): 503})), "/agent")
    assert isinstance(forced.error, ErrorDetail)
    assert (forced.error.code, forced.error.status) == ("SERVICE_UNAVAILABLE", 503)

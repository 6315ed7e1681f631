"""The answer's headers as the whole-answer executor hands them over: every header line, its
name spelled as the server sent it, in order, a repeated header once per line (``Set-Cookie``,
``Link``), against a real server on 127.0.0.1."""

from __future__ import annotations

from faultserver import FaultHandler, fault_server
from hypothesis import given, settings
from hypothesis import strategies as st
from returns.result import Success
from urllib3 import HTTPHeaderDict

from mosaia.executors import Urllib3Executor
from mosaia.executors._pool import header_pairs
from mosaia.http import HttpRequest

SENT = (
    ("Content-Type", "application/json"),
    ("Set-Cookie", "a=1"),
    ("X-Request-Id", "r-1"),
    ("set-cookie", "b=2"),
    ("Link", "<https://x.invalid/?page=2>; rel=next"),
    ("Content-Length", "2"),
)


def _answer(handler: FaultHandler) -> None:
    handler.send_response_only(200)
    for name, value in SENT:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(b"{}")


def test_every_header_line_comes_through_as_sent_and_in_order() -> None:
    executor = Urllib3Executor()
    with fault_server(_answer) as server:
        answer = executor.send(HttpRequest(method="GET", url=server.url + "/v1/agent/a1"))
    executor.close()
    assert isinstance(answer, Success)
    response = answer.unwrap()
    # urllib3 groups a repeated name under its first spelling, after the first line's place.
    assert response.headers == (
        ("Content-Type", "application/json"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("X-Request-Id", "r-1"),
        ("Link", "<https://x.invalid/?page=2>; rel=next"),
        ("Content-Length", "2"),
    )
    assert response.header("x-request-id") == "r-1"


names = st.sampled_from(["Set-Cookie", "set-cookie", "Link", "X-A", "x-a", "Content-Type"])
values = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=8)


@settings(max_examples=200)
@given(st.lists(st.tuples(names, values), max_size=12))
def test_the_pairs_are_what_items_gives(lines: list[tuple[str, str]]) -> None:
    headers = HTTPHeaderDict()
    for name, value in lines:
        headers.add(name, value)
    assert header_pairs(headers) == tuple(headers.items())

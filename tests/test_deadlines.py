"""Nothing hangs: every attempt meets a finite deadline however the server dribbles, and a
stream closed from another thread lets go at once. Against tests/faultserver.py on 127.0.0.1:
a server that trickles a byte at a time, sends ``100 Continue`` forever, never ends its body,
or sends keep-alive comments instead of events keeps every single read short, so only a
deadline over the whole attempt ends the call."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from faultserver import (
    FaultServer,
    continue_forever,
    endless,
    events,
    fault_server,
    reply,
    trickle,
)
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from mosaia import Mosaia, Timeout
from mosaia.api import agents
from mosaia.errors import MosaiaError, RequestTimeout
from mosaia.executors import Urllib3Executor
from mosaia.executors._connect import urllib3_timeout
from mosaia.executors._streaming import EventClock
from mosaia.http import DEFAULT_FIRST_EVENT, DEFAULT_IDLE, DEFAULT_TOTAL
from mosaia.types import ChatCompletionChunk

#: One chunk of a streamed completion, as the platform sends it.
CHUNK = (
    '{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",'
    ' "choices": [{"index": 0, "delta": {"content": "hi"}}]}'
)
ASK = {"model": "a1", "messages": [{"role": "user", "content": "hi"}]}
#: Every single read comes well within `read`; only the longer limits can end these calls.
PATIENT_READS = {"connect": 5.0, "read": 5.0}


def client_for(server: FaultServer, **limits: float) -> Mosaia:
    """A client sending straight to ``server`` over urllib3, with no retries."""
    config = server.config(timeout=Timeout(**{**PATIENT_READS, **limits}), max_retries=0)
    return Mosaia(config, Urllib3Executor())


def timed(run: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = run()
    return result, time.monotonic() - started


def timeout_phase(result: Result[Any, MosaiaError]) -> str:
    assert isinstance(result, Failure), result
    error = result.failure()
    assert isinstance(error, RequestTimeout), error
    return error.phase


# --- whole answers: the total deadline ---------------------------------------------------------


@pytest.mark.parametrize(
    "dribble",
    [trickle(0.2), continue_forever(0.2), endless(0.05)],
    ids=["body one byte at a time", "100 Continue forever", "body that never ends"],
)
def test_an_answer_dribbled_out_ends_at_the_total_deadline(dribble: Any) -> None:
    with fault_server(dribble) as server:
        result, took = timed(lambda: client_for(server, total=1.0).run(agents.get_by_id("a1")))

    assert timeout_phase(result) == "total"
    assert "within 1 s" in result.failure().message
    assert took < 3.0


def test_an_answer_inside_the_total_deadline_is_unaffected() -> None:
    with fault_server(trickle(0.01, b'{"data": {"id": "a1"}}')) as server:
        result = client_for(server, total=5.0).run(agents.get_by_id("a1"))

    assert isinstance(result, Success)
    assert result.unwrap().id == "a1"


def test_the_connection_is_reused_after_a_deadline_was_met() -> None:
    # A budget lowers the socket's timeout near its deadline; the next request on the same
    # pooled connection must get its own read timeout back, not the leftovers.
    with fault_server(reply(200, json={"data": {"id": "a1"}})) as server:
        client = client_for(server, total=0.5)
        first = client.run(agents.get_by_id("a1"))
        second = client.run(agents.get_by_id("a1").with_timeout(Timeout(5, 5, total=5)))

    assert isinstance(first, Success)
    assert isinstance(second, Success)


def test_every_limit_has_a_finite_default_that_a_longer_read_timeout_lifts() -> None:
    assert (Timeout().total_seconds, Timeout().first_event_seconds, Timeout().idle_seconds) == (
        DEFAULT_TOTAL,
        DEFAULT_FIRST_EVENT,
        DEFAULT_IDLE,
    )
    long_read = Timeout.of(900)
    assert long_read.total_seconds == long_read.first_event_seconds == long_read.idle_seconds
    assert long_read.total_seconds == 900
    assert Timeout(connect=1, read=2, total=3, first_event=4, idle=5).idle_seconds == 5


# --- streams: the first event and the idle gap -------------------------------------------------


def stream_results(
    server: FaultServer, **limits: float
) -> tuple[list[Result[ChatCompletionChunk, MosaiaError]], float]:
    client = client_for(server, **limits)

    def read() -> list[Result[ChatCompletionChunk, MosaiaError]]:
        with client.stream(agents.chat_completion_stream(ASK)) as chunks:
            return list(chunks)

    results, took = timed(read)
    return results, took


def test_a_stream_of_keep_alive_comments_only_ends_at_the_first_event_deadline() -> None:
    with fault_server(events(then="comments", interval=0.1)) as server:
        results, took = stream_results(server, first_event=1.0)

    assert [timeout_phase(r) for r in results] == ["first_event"]
    assert took < 3.0


def test_a_stream_that_goes_quiet_after_an_event_ends_at_the_idle_deadline() -> None:
    with fault_server(events(CHUNK, then="comments", interval=0.1)) as server:
        results, took = stream_results(server, first_event=1.0, idle=1.0)

    assert isinstance(results[0], Success)
    assert results[0].unwrap().id == "c1"
    assert timeout_phase(results[-1]) == "idle"
    assert took < 3.0


def test_a_stream_that_keeps_delivering_events_is_not_cut_by_the_first_event_limit() -> None:
    with fault_server(events(CHUNK, CHUNK, CHUNK, then="done")) as server:
        results, _ = stream_results(server, first_event=1.0, idle=1.0)

    assert [type(r) for r in results] == [Success, Success, Success]


# --- closing a stream from another thread -------------------------------------------------------


@pytest.fixture
def silent_after_headers() -> Iterator[FaultServer]:
    """A server that sends a stream's headers, then nothing at all."""
    with fault_server(events(then="hold")) as server:
        yield server


def test_closing_a_stream_from_another_thread_ends_a_blocked_read_at_once(
    silent_after_headers: FaultServer,
) -> None:
    client = client_for(silent_after_headers, read=20.0)
    stream = client.stream(agents.chat_completion_stream(ASK))
    assert isinstance(stream.open(), Success)
    closer = threading.Timer(0.3, stream.close)
    closer.start()
    try:
        results, took = timed(lambda: list(stream))
    finally:
        closer.cancel()
        stream.close()

    assert took < 1.5  # not the 20 s read timeout
    assert all(not isinstance(r, Success) for r in results)


# --- bounded caches ---------------------------------------------------------------------------


def test_distinct_per_call_timeouts_keep_the_timeout_cache_bounded() -> None:
    with fault_server() as server:
        client = client_for(server)
        for n in range(20):  # over the wire, each with its own timeout
            assert isinstance(client.run(agents.get_by_id("a1").with_timeout(1 + n / 100)), Success)
    for n in range(10_000):
        urllib3_timeout(1.0 + n / 10_000, 2.0)

    assert urllib3_timeout.cache_info().currsize <= 64


def test_many_origins_keep_the_origin_shortcuts_bounded_and_requests_working() -> None:
    # A long-lived executor may be pointed at many hosts over its life; what it keeps per
    # origin must not grow with them.
    executor = Urllib3Executor()
    for port in range(1, 1001):  # looked up only: a pool connects lazily, on first request
        executor._connector.pool_for(f"http://127.0.0.1:{port}")
    with fault_server() as server:
        result = Mosaia(server.config(max_retries=0), executor).run(agents.get_by_id("a1"))

    assert isinstance(result, Success)
    assert executor._connector.origins <= 16


# --- what counts as an event ------------------------------------------------------------------

_BLOCKS = st.sampled_from(
    [
        ("data: {}\n\n", 1),
        ("data:x\r\n\r\n", 1),
        ("data\n\n", 1),
        ("event: ping\ndata: 1\nid: 7\n\n", 1),
        (": keep-alive\n\n", 0),
        ("event: ping\n\n", 0),  # no data: dispatches nothing
        ("datum: x\n\n", 0),
        ("\n", 0),
    ]
)


@given(blocks=st.lists(_BLOCKS, max_size=12), cuts=st.lists(st.integers(0, 400), max_size=8))
def test_the_event_clock_counts_data_events_however_the_bytes_are_cut(
    blocks: list[tuple[str, int]], cuts: list[int]
) -> None:
    body = "".join(text for text, _ in blocks).encode()
    events_in_body = sum(count for _, count in blocks)
    bytewise = EventClock()
    assert sum(bytewise.feed(body[i : i + 1]) for i in range(len(body))) == events_in_body
    edges = sorted({0, len(body), *(c for c in cuts if c < len(body))})
    pieces = [body[a:b] for a, b in itertools.pairwise(edges)]
    clock = EventClock()
    reported = [clock.feed(piece) for piece in pieces]  # every piece fed, in order
    assert any(reported) is (events_in_body > 0)

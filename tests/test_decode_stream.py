"""The events of a streamed call, decoded (``mosaia.decode``), and the one fold that adds a
chat stream's chunks up to a whole completion (``mosaia._types.chat.fold_chunks``)."""

from __future__ import annotations

import itertools
from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from mosaia._types.base import type_name
from mosaia._types.chat import fold_chunks
from mosaia.decode import decode_as, decode_event, fold_stream, stream_results
from mosaia.errors import ApiError, DecodeError, TransportError
from mosaia.http import HttpResponse
from mosaia.sse import ServerEvent
from mosaia.types import Agent, ChatCompletion, ChatCompletionChunk, ChunkChoice, ChunkDelta, Usage

CHUNK = type_name(ChatCompletionChunk)
COMPLETION = type_name(ChatCompletion)
EVENTS = (("Content-Type", "text/event-stream"),)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(c, len(data)) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


# --- the events of a streamed call ----------------------------------------------------------


def chunk_event(content: str, finish: str | None = None) -> bytes:
    chunk = {
        "id": "c1",
        "object": "chat.completion.chunk",
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}],
    }
    return b"data: " + msgspec.json.encode(chunk) + b"\n\n"


def test_done_ends_the_stream() -> None:
    assert decode_event(ServerEvent(data="[DONE]"), CHUNK) is None


def test_an_error_object_in_the_stream_is_an_api_error() -> None:
    event = ServerEvent(data='{"error": {"message": "quota", "code": "QUOTA", "status": 429}}')
    result = decode_event(event, CHUNK, (("X-Request-Id", "r1"),))
    assert isinstance(result, Failure)
    error = result.failure()
    assert isinstance(error, ApiError)
    assert (error.status, error.code, error.request_id) == (429, "QUOTA", "r1")


def test_an_event_named_error_is_a_failure() -> None:
    result = decode_event(ServerEvent(data='{"message": "boom"}', event="error"), CHUNK)
    assert isinstance(result, Failure)
    assert result.failure().message == "boom"


def test_stream_results_stop_at_done() -> None:
    body = chunk_event("a") + b"data: [DONE]\n\n" + chunk_event("ignored")
    results = list(stream_results([Success(body)], CHUNK))
    assert [r.unwrap().choices[0].delta.content for r in results] == ["a"]


def test_a_stream_ending_without_done_ends_in_a_failure() -> None:
    results = list(stream_results([Success(chunk_event("a"))], CHUNK))
    assert isinstance(results[0], Success)
    last = results[-1]
    assert isinstance(last, Failure)
    assert last.failure().code == "stream_incomplete"


def test_a_broken_connection_ends_the_results_with_its_failure() -> None:
    cut = TransportError(message="reset", code="connection_broken")
    results = list(stream_results([Success(chunk_event("a")), Failure(cut)], CHUNK))
    assert results[-1] == Failure(cut)
    assert len(results) == 2


def test_a_malformed_chunk_is_a_decode_error_that_ends_the_stream() -> None:
    body = b"data: {not json\n\n" + chunk_event("a") + b"data: [DONE]\n\n"
    results = list(stream_results([Success(body)], CHUNK))
    assert len(results) == 1
    assert isinstance(results[0].failure(), DecodeError)


def test_a_line_longer_than_the_cap_fails_instead_of_growing() -> None:
    pieces = [Success(b"data: " + b"x" * 100)] * 5
    results = list(stream_results(pieces, CHUNK, max_bytes=256))
    assert [r.failure().code for r in results] == ["response_too_large"]


def test_the_cap_holds_for_the_whole_stream_not_only_one_event() -> None:
    # Many small, complete events: no line is long, yet the stream as a whole passes the cap.
    pieces = [Success(chunk_event("x")) for _ in range(100)]
    results = list(stream_results(pieces, CHUNK, max_bytes=1000))
    assert all(isinstance(r, Success) for r in results[:-1])
    assert results[-1].failure().code == "response_too_large"
    assert len(results) < 20


def test_a_stream_call_read_whole_is_a_decode_error_not_a_value() -> None:
    body = chunk_event("a") + b"data: [DONE]\n\n"
    result = decode_as(HttpResponse(200, EVENTS, body), "stream", CHUNK)
    assert isinstance(result.failure(), DecodeError)


def test_a_folded_call_answered_in_one_piece_reads_the_completion_as_it_came() -> None:
    body = msgspec.json.encode({"choices": [{"index": 0, "message": {"content": "whole"}}]})
    answer = HttpResponse(200, (("Content-Type", "application/json"),), body)
    assert decode_as(answer, "folded", COMPLETION).map(lambda c: c.content) == Success("whole")


def test_only_a_type_that_folds_can_be_read_folded() -> None:
    body = chunk_event("a") + b"data: [DONE]\n\n"
    result = decode_as(HttpResponse(200, EVENTS, body), "folded", type_name(Agent))
    assert isinstance(result.failure(), DecodeError)


def test_a_folded_stream_is_its_first_failure() -> None:
    cut = TransportError(message="reset", code="connection_broken")
    results = stream_results([Success(chunk_event("a")), Failure(cut)], CHUNK)
    assert fold_stream(results, ChatCompletion) == Failure(cut)


# --- folding ----------------------------------------------------------------------------------


def test_folding_joins_content_and_keeps_the_last_finish_reason_and_usage() -> None:
    usage = Usage(prompt_tokens=3, completion_tokens=2, total_tokens=5)
    chunks = [
        ChatCompletionChunk(
            id="c1",
            model="m",
            created=9,
            choices=[ChunkChoice(index=0, delta=ChunkDelta(role="assistant", content=""))],
        ),
        ChatCompletionChunk(choices=[ChunkChoice(index=0, delta=ChunkDelta(content="Hel"))]),
        ChatCompletionChunk(
            choices=[ChunkChoice(index=0, delta=ChunkDelta(content="lo"), finish_reason="stop")],
            usage=usage,
        ),
    ]
    folded = fold_chunks(chunks)
    assert (folded.id, folded.model, folded.created) == ("c1", "m", 9)
    assert folded.content == "Hello"
    assert folded.choices[0].finish_reason == "stop"
    assert folded.choices[0].message is not None
    assert folded.choices[0].message.role == "assistant"
    assert folded.usage == usage


def test_folding_keeps_choices_apart_by_index() -> None:
    chunks = [
        ChatCompletionChunk(
            choices=[
                ChunkChoice(index=1, delta=ChunkDelta(content="b")),
                ChunkChoice(index=0, delta=ChunkDelta(content="a")),
            ]
        ),
        ChatCompletionChunk(choices=[ChunkChoice(index=1, delta=ChunkDelta(content="B"))]),
    ]
    folded = fold_chunks(chunks)
    assert [(c.index, c.message.content if c.message else None) for c in folded.choices] == [
        (0, "a"),
        (1, "bB"),
    ]


def test_folding_assembles_tool_call_fragments() -> None:
    first = {"index": 0, "id": "t1", "type": "function", "function": {"name": "f", "arguments": ""}}
    chunks = [
        ChatCompletionChunk(choices=[ChunkChoice(delta=ChunkDelta(tool_calls=[first]))]),
        ChatCompletionChunk(
            choices=[
                ChunkChoice(
                    delta=ChunkDelta(tool_calls=[{"index": 0, "function": {"arguments": '{"a":'}}])
                )
            ]
        ),
        ChatCompletionChunk(
            choices=[
                ChunkChoice(
                    delta=ChunkDelta(tool_calls=[{"index": 0, "function": {"arguments": "1}"}}]),
                    finish_reason="tool_calls",
                )
            ]
        ),
    ]
    message = fold_chunks(chunks).choices[0].message
    assert message is not None
    assert message.tool_calls == [
        {"id": "t1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}}
    ]
    assert message.content is None


@given(
    st.lists(st.text(max_size=8), min_size=1, max_size=10),
    st.lists(st.integers(0, 2000), max_size=10),
)
def test_a_whole_sse_body_folds_to_the_concatenated_text(parts: list[str], cuts: list[int]) -> None:
    body = b"".join(chunk_event(p) for p in parts) + b"data: [DONE]\n\n"
    pieces = [Success(p) for p in split(body, cuts)]
    folded = decode_as(HttpResponse(200, EVENTS, body), "folded", COMPLETION)
    assert folded.map(lambda c: c.content) == Success("".join(parts))
    results = list(stream_results(pieces, CHUNK))
    assert len(results) == len(parts)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
_fragments = st.dictionaries(
    st.sampled_from(["index", "id", "type", "function", "x"]),
    _json | st.dictionaries(st.sampled_from(["name", "arguments"]), _json, max_size=2),
    max_size=4,
)


@given(st.lists(st.lists(_fragments, max_size=3), max_size=6))
def test_folding_any_tool_call_fragments_never_raises(deltas: list[list[dict[str, Any]]]) -> None:
    chunks = [
        ChatCompletionChunk(choices=[ChunkChoice(delta=ChunkDelta(tool_calls=d))]) for d in deltas
    ]
    folded = fold_chunks(chunks)
    assert len(folded.choices) == (1 if deltas else 0)

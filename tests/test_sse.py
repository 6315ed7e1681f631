"""The pure Server-Sent Events parser, chunk decoding and folding (no sockets)."""

from __future__ import annotations

import itertools

import msgspec
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from mosaia._types.base import type_name
from mosaia.errors import ApiError, DecodeError, TransportError
from mosaia.sse import (
    ServerEvent,
    SseParser,
    completion_from_sse,
    decode_event,
    fold_chunks,
    parse_events,
    stream_results,
)
from mosaia.types import ChatCompletionChunk, ChunkChoice, ChunkDelta, Usage

CHUNK = type_name(ChatCompletionChunk)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(c, len(data)) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


def events_of(pieces: list[bytes]) -> list[ServerEvent]:
    return list(parse_events(pieces))


# --- the parser -------------------------------------------------------------------------------

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12)
_newline = st.sampled_from(["\n", "\r\n", "\r"])
_line = st.one_of(
    st.builds(lambda v: f"data: {v}", _text),
    st.builds(lambda v: f"data:{v}", _text),
    st.builds(lambda v: f"event: {v}", _text),
    st.builds(lambda v: f"id: {v}", _text),
    st.builds(lambda v: f"retry: {v}", st.one_of(st.integers(0, 10**6).map(str), _text)),
    st.builds(lambda v: f": {v}", _text),
    st.just("data"),
    st.just(""),
)


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.tuples(_line, _newline), max_size=25))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + "".join(text + end for text, end in lines)).encode("utf-8")


@given(streams(), st.lists(st.integers(0, 400), max_size=30))
def test_every_split_of_a_stream_gives_the_same_events(data: bytes, cuts: list[int]) -> None:
    assert events_of(split(data, cuts)) == events_of([data])


@given(streams())
def test_feeding_one_byte_at_a_time_gives_the_same_events(data: bytes) -> None:
    assert events_of([data[i : i + 1] for i in range(len(data))]) == events_of([data])


def test_data_lines_of_one_event_are_joined_with_newlines() -> None:
    assert events_of([b"data: one\ndata: two\n\n"]) == [ServerEvent(data="one\ntwo")]


def test_comments_are_ignored_and_fields_set_event_id_and_retry() -> None:
    stream = b": keep-alive\nevent: update\nid: 7\nretry: 3000\ndata: x\n\ndata: y\n\n"
    assert events_of([stream]) == [
        ServerEvent(data="x", event="update", id="7", retry=3000),
        ServerEvent(data="y", event="message", id="7", retry=3000),
    ]


def test_a_crlf_split_between_two_reads_is_one_line_end() -> None:
    assert events_of([b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"]) == [
        ServerEvent(data="a"),
        ServerEvent(data="b"),
    ]


def test_an_event_not_ended_by_a_blank_line_is_discarded_at_the_end() -> None:
    assert events_of([b"data: whole\n\ndata: half\n"]) == [ServerEvent(data="whole")]


def test_a_multibyte_character_split_across_reads_survives() -> None:
    data = "data: héllo ✓\n\n".encode()
    assert events_of([data[:8], data[8:15], data[15:]]) == [ServerEvent(data="héllo ✓")]


def test_buffered_counts_the_unfinished_line() -> None:
    parser = SseParser()
    parser.feed(b"data: 12345")
    assert parser.buffered == len(b"data: 12345")


# --- chat chunks ------------------------------------------------------------------------------


def chunk_event(content: str, finish: str | None = None) -> bytes:
    chunk = {
        "id": "c1",
        "object": "chat.completion.chunk",
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}],
    }
    return b"data: " + msgspec.json.encode(chunk) + b"\n\n"


def test_done_ends_the_stream() -> None:
    assert decode_event(ServerEvent(data="[DONE]"), "bare", CHUNK) is None


def test_an_error_object_in_the_stream_is_an_api_error() -> None:
    event = ServerEvent(data='{"error": {"message": "quota", "code": "QUOTA", "status": 429}}')
    result = decode_event(event, "bare", CHUNK, (("X-Request-Id", "r1"),))
    assert isinstance(result, Failure)
    error = result.failure()
    assert isinstance(error, ApiError)
    assert (error.status, error.code, error.request_id) == (429, "QUOTA", "r1")


def test_an_event_named_error_is_a_failure() -> None:
    result = decode_event(ServerEvent(data='{"message": "boom"}', event="error"), "bare", CHUNK)
    assert isinstance(result, Failure)
    assert result.failure().message == "boom"


def test_stream_results_stop_at_done() -> None:
    body = chunk_event("a") + b"data: [DONE]\n\n" + chunk_event("ignored")
    results = list(stream_results([Success(body)], "bare", CHUNK))
    assert [r.unwrap().choices[0].delta.content for r in results] == ["a"]


def test_a_stream_ending_without_done_ends_in_a_failure() -> None:
    results = list(stream_results([Success(chunk_event("a"))], "bare", CHUNK))
    assert isinstance(results[0], Success)
    last = results[-1]
    assert isinstance(last, Failure)
    assert last.failure().code == "stream_incomplete"


def test_a_broken_connection_ends_the_results_with_its_failure() -> None:
    cut = TransportError(message="reset", code="connection_broken")
    results = list(stream_results([Success(chunk_event("a")), Failure(cut)], "bare", CHUNK))
    assert results[-1] == Failure(cut)
    assert len(results) == 2


def test_a_malformed_chunk_is_a_decode_error_that_ends_the_stream() -> None:
    body = b"data: {not json\n\n" + chunk_event("a") + b"data: [DONE]\n\n"
    results = list(stream_results([Success(body)], "bare", CHUNK))
    assert len(results) == 1
    assert isinstance(results[0].failure(), DecodeError)


def test_a_line_longer_than_the_cap_fails_instead_of_growing() -> None:
    pieces = [Success(b"data: " + b"x" * 100)] * 5
    results = list(stream_results(pieces, "bare", CHUNK, max_buffer=256))
    assert [r.failure().code for r in results] == ["response_too_large"]


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
    folded = completion_from_sse(body)
    assert folded.map(lambda c: c.content) == Success("".join(parts))
    results = list(stream_results(pieces, "bare", CHUNK))
    assert len(results) == len(parts)

"""The pure Server-Sent Events parser: bytes in any split, events out (no sockets)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from mosaia.sse import ServerEvent, SseParser, parse_events


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

"""Calls are values: pure to build, hashable, and round-trip through JSON and MessagePack."""

from __future__ import annotations

import math
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wire import sent_bytes

from mosaia.api import agents
from mosaia.http import Timeout
from mosaia.request import Call
from mosaia.types import Agent

ids = st.text(min_size=1, max_size=40).filter(lambda s: s not in (".", "..") and "\0" not in s)
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
bodies = st.dictionaries(st.text(min_size=1, max_size=10), json_scalars, max_size=6)
params = st.dictionaries(
    st.sampled_from(["limit", "offset", "search", "active", "public", "q", "tags"]),
    json_scalars | st.lists(st.text(max_size=8), max_size=3),
    max_size=5,
)

builders = st.one_of(
    ids.map(agents.get_by_id),
    params.map(agents.get_all),
    bodies.map(agents.create),
    st.tuples(ids, bodies).map(lambda t: agents.update(*t)),
    st.tuples(ids, st.booleans()).map(lambda t: agents.delete(t[0], force=t[1])),
    bodies.map(agents.chat_completion),
)


@given(ids, bodies)
def test_building_twice_gives_equal_calls(id: str, body: dict[str, Any]) -> None:
    assert agents.update(id, body) == agents.update(id, body)
    assert hash(agents.update(id, body)) == hash(agents.update(id, body))


@given(builders)
def test_a_call_round_trips_through_json(call: Call[Any]) -> None:
    assert msgspec.json.decode(msgspec.json.encode(call), type=Call[Any]) == call


@given(builders)
def test_a_call_round_trips_through_msgpack(call: Call[Any]) -> None:
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(call), type=Call[Any]) == call


def test_a_call_names_the_type_its_answer_decodes_into() -> None:
    assert agents.get_by_id("a1").type == "Agent"
    assert agents.get_by_id("a1").shape == "one"
    assert agents.get_all().shape == "page"
    assert agents.delete("a1").shape == "none"


def test_a_struct_body_sends_only_the_fields_that_are_set() -> None:
    call = agents.create(Agent(name="Ada", short_description="helper"))
    assert call.request.body == b'{"name":"Ada","short_description":"helper"}'


def test_keyword_fields_merge_over_a_dict_body_keeping_the_callers_order() -> None:
    call = agents.create({"short_description": "s", "name": "old"}, name="new", model="m")
    assert call.request.body == b'{"short_description":"s","name":"new","model":"m"}'


def test_an_empty_body_sends_nothing() -> None:
    assert agents.create({}).request.body is None


def test_a_body_that_does_not_encode_is_a_problem_not_an_exception() -> None:
    call = agents.create({"when": object()})
    assert call.problem is not None
    assert "encode" in call.problem


def test_async_chat_completion_adds_the_async_type() -> None:
    call = agents.async_chat_completion({"model": "a1", "messages": []})
    assert msgspec.json.decode(sent_bytes(call.request.body)) == {
        "model": "a1",
        "messages": [],
        "type": "async",
    }


def test_per_agent_chat_completion_targets_the_agents_own_path() -> None:
    assert agents.chat_completion({"messages": []}, id="a 1").request.path == (
        "/agent/a%201/chat/completions"
    )


def test_with_timeout_overrides_for_one_call_only() -> None:
    call = agents.get_by_id("a1")
    assert call.with_timeout(1.5).request.timeout == Timeout(1.5, 1.5)
    assert call.request.timeout is None


def test_with_header_refuses_values_that_would_split_the_header_block() -> None:
    assert agents.get_by_id("a1").with_header("X-Note", "a\r\nInjected: 1").problem is not None


def test_with_query_appends_encoded_parameters() -> None:
    call = agents.get_by_id("a1").with_query(export="full", verbose=True)
    assert call.request.query == (("export", "full"), ("verbose", "true"))


def test_a_calls_repr_masks_credentials_in_its_body_and_query() -> None:
    from mosaia.api import auth

    shown = repr(auth.sign_in_with_password("ada@example.com", "hunter2", "cid"))
    assert "hunter2" not in shown
    assert "ada@example.com" in shown
    assert "tok-123" not in repr(auth.sign_out("tok-123"))


def test_a_struct_holding_an_unencodable_value_is_a_problem_not_an_exception() -> None:
    broken = Agent(name=object())  # type: ignore[arg-type]
    assert "encode" in (agents.create(broken).problem or "")
    assert "encode" in (agents.get_all(broken).problem or "")
    assert "encode" in (agents.delete("a1", broken, force=True).problem or "")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_in_a_body_is_a_problem_not_a_null(bad: float) -> None:
    # msgspec would write it as `null`, and an update would clear the field.
    assert agents.update("a1", temperature=bad).problem == (
        "body field $.temperature is not a finite number; JSON cannot carry it"
    )
    nested = agents.create({"messages": [{"scores": [1.0, bad]}]})
    assert "$.messages[0].scores[1]" in (nested.problem or "")


def test_a_null_in_a_body_is_still_sent() -> None:
    assert agents.update("a1", {"image": None}).request.body == b'{"image":null}'


def test_the_force_keyword_wins_over_force_in_the_params() -> None:
    call = agents.delete("a1", {"force": False, "x": 1}, force=True)
    assert sorted(call.request.query) == [("force", "true"), ("x", "1")]


def test_a_page_iterates_over_its_items() -> None:
    from mosaia.types import Page

    assert list(Page(items=[Agent(name="a"), Agent(name="b")])) == [
        Agent(name="a"),
        Agent(name="b"),
    ]


def test_signing_out_an_empty_token_is_a_caller_mistake() -> None:
    from mosaia.api import auth

    assert auth.sign_out("").problem is not None
    assert auth.sign_out().request.query == ()

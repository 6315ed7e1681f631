"""The value type flows from builder to result, as mypy sees it (checked by `make test`)."""

from __future__ import annotations

from typing import assert_type

from returns.result import Result

from mosaia import Mosaia
from mosaia.api import agents
from mosaia.errors import MosaiaError
from mosaia.request import Call
from mosaia.types import Agent, ChatCompletion, Page


def test_client_group_results_carry_the_entity_type(local: Mosaia) -> None:
    assert_type(local.agents.get_by_id("a"), Result[Agent, MosaiaError])
    assert_type(local.agents.get_all(), Result[Page[Agent], MosaiaError])
    assert_type(local.agents.delete("a"), Result[None, MosaiaError])
    assert_type(local.agents.chat_completion({}), Result[ChatCompletion, MosaiaError])


def test_builders_return_typed_calls_and_run_keeps_the_type(local: Mosaia) -> None:
    call = agents.get_by_id("a")
    assert_type(call, Call[Agent])
    assert_type(local.run(call), Result[Agent, MosaiaError])

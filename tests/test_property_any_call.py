"""For any valid call of any operation, the simulator answers a ``Success`` of the promised type
or an ``ApiError`` the reference allows for that operation: never a raised exception, never a
``DecodeError``, a transport failure, a 5xx or an unknown route.

This is the property ``docs/testing.md`` shows users how to write for their own code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from returns.result import Result, Success

from mosaia import Mosaia
from mosaia.errors import ApiError, MosaiaError
from mosaia.request import Call
from mosaia.testing import Simulator, SimulatorServer
from mosaia.testing._sim.fixtures import ADA_EMAIL, ADA_PASSWORD, CLIENT_ID, CLIENT_SECRET
from mosaia.testing.strategies import OPERATIONS, Operation, operations
from mosaia.types import Page


def outcome(client: Mosaia, operation: Operation, call: Call[Any]) -> Result[Any, MosaiaError]:
    """Run ``call`` as its operation is meant to be run: streamed ones through ``client.stream``
    (the first failure, else the last chunk), the others through ``client.run``."""
    if not operation.streamed:
        return client.run(call)
    with client.stream(call) as chunks:
        results = list(chunks)
    failed = [r for r in results if not isinstance(r, Success)]
    return failed[0] if failed else results[-1]


def check_answer(operation: Operation, call: Call[Any], result: Result[Any, MosaiaError]) -> None:
    """Fail, saying why, unless ``result`` is what the reference allows for ``operation``."""
    where = f"{operation.qualname}: {call.request.method} {call.request.path}"
    if isinstance(result, Success):
        value = result.unwrap()
        if call.shape == "page":
            assert isinstance(value, Page), where
            assert all(isinstance(item, operation.item or object) for item in value.items), where
        elif call.shape == "none":
            assert value is None, where
        elif call.shape == "first":
            assert value is None or isinstance(value, operation.item or object), where
        else:
            assert isinstance(value, operation.item or object), where
        return
    error = result.failure()
    assert isinstance(error, ApiError), f"{where} -> {error!r}"
    assert error.status in operation.errors, f"{where} -> {error.status} {error.message}"
    assert error.code != "ROUTE_NOT_FOUND", f"{where}: the simulator has no route for it"


def test_the_fixture_world_fills_every_collection_the_simulator_has() -> None:
    # The drawn calls reach real documents only if every collection has some: this fails when
    # a collection is added to the simulator and not to mosaia/testing/_sim/fixtures.py.
    state = Simulator.with_fixtures().state

    assert all(state.values()), [path for path, docs in state.items() if not docs]


def test_the_fixture_credentials_sign_in() -> None:
    sim = Simulator.with_fixtures()
    client = Mosaia(sim.config(), sim)

    assert isinstance(
        client.auth.sign_in_with_password(ADA_EMAIL, ADA_PASSWORD, CLIENT_ID), Success
    )
    assert isinstance(client.auth.sign_in_with_client(CLIENT_ID, CLIENT_SECRET), Success)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.qualname)
def test_every_operation_answers_as_the_reference_allows(operation: Operation) -> None:
    @settings(max_examples=12)
    @given(operation.calls)
    def check(call: Call[Any]) -> None:
        sim = Simulator.with_fixtures()
        check_answer(operation, call, outcome(Mosaia(sim.config(), sim), operation, call))

    check()


@given(operations())
def test_any_drawn_call_answers_as_the_reference_allows(drawn: tuple[Operation, Call[Any]]) -> None:
    operation, call = drawn
    sim = Simulator.with_fixtures()

    check_answer(operation, call, Mosaia(sim.config(), sim).run(call))


@settings(max_examples=40)
@given(st.lists(operations(), min_size=1, max_size=8))
def test_any_sequence_of_calls_on_one_simulator_answers_as_the_reference_allows(
    drawn: list[tuple[Operation, Call[Any]]],
) -> None:
    sim = Simulator.with_fixtures()
    client = Mosaia(sim.config(), sim)

    for operation, call in drawn:
        check_answer(operation, call, client.run(call))


@pytest.fixture(scope="module")
def served_world() -> Iterator[SimulatorServer]:
    """The fixture world served on 127.0.0.1 for this module's over-the-wire property."""
    with SimulatorServer(Simulator.with_fixtures()) as server:
        yield server


@settings(max_examples=40)
@given(drawn=operations())
def test_any_drawn_call_over_real_http_answers_as_the_reference_allows(
    served_world: SimulatorServer, drawn: tuple[Operation, Call[Any]]
) -> None:
    operation, call = drawn

    check_answer(operation, call, Mosaia(served_world.config()).run(call))

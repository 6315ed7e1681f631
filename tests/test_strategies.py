"""The hypothesis strategies of ``mosaia.testing.strategies``: one per entity (and registered),
values that survive the wire, pages and error bodies the SDK decodes, every operation in the
``calls()`` table, and ``returns``' own laws for Results of SDK values."""

from __future__ import annotations

import inspect
import re
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from returns.contrib.hypothesis.laws import check_all_laws
from returns.result import Failure, Result, Success

import mosaia.types
from mosaia._types.base import type_name
from mosaia.config import MosaiaConfig, prepare
from mosaia.decode import decode_as
from mosaia.errors import ApiError, api_error_type
from mosaia.http import HttpResponse
from mosaia.request import Call
from mosaia.testing import strategies
from mosaia.testing.strategies import REQUIRED, SERVER_FIELDS
from mosaia.types import Agent, APIResponse, Entity, Page, Paging, User

#: Every Struct the SDK's users meet (generic envelopes and the config are tested apart).
ENTITIES = sorted(
    (
        value
        for name in mosaia.types.__all__
        if isinstance(value := getattr(mosaia.types, name), type)
        and issubclass(value, msgspec.Struct)
        and value.__name__ == name
        and value not in (Entity, MosaiaConfig, Page, APIResponse)
    ),
    key=lambda cls: cls.__name__,
)
CONFIG = MosaiaConfig(api_key="k", base_url="https://api.example.test")


def name_of(cls: Any) -> str:
    return str(cls.__name__)


def plural(cls: type[Any]) -> str:
    """``AccessPolicy`` -> ``access_policies``: the name an entity's strategy goes by."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__.replace("OAuth", "Oauth")).lower()
    if snake == "self":
        return "selves"
    if snake.endswith("s"):
        return snake
    if snake.endswith(("x", "ch", "sh")):
        return snake + "es"
    return snake[:-1] + "ies" if snake.endswith("y") else snake + "s"


@pytest.mark.parametrize("cls", ENTITIES, ids=name_of)
def test_every_entity_has_a_strategy_named_for_it_in_the_plural(cls: type[Any]) -> None:
    @settings(max_examples=10)
    @given(getattr(strategies, plural(cls))())
    def check(value: object) -> None:
        assert isinstance(value, cls)

    check()


@pytest.mark.parametrize("cls", ENTITIES, ids=name_of)
def test_from_type_draws_every_entity(cls: type[Any]) -> None:
    @settings(max_examples=10)
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)

    check()


@given(st.sampled_from(ENTITIES).flatmap(st.from_type))
def test_any_entity_survives_the_wire_and_the_sdks_decoder(value: msgspec.Struct) -> None:
    body = msgspec.json.encode({"data": value})

    decoded = decode_as(HttpResponse(200, body=body), "one", type_name(type(value)))

    assert decoded == Success(value)


@pytest.mark.parametrize("cls", sorted(REQUIRED, key=name_of), ids=name_of)
def test_new_bodies_carry_every_required_field_and_no_server_field(cls: type[Any]) -> None:
    @given(strategies.entity(cls, new=True))
    def check(body: msgspec.Struct) -> None:
        sent = msgspec.to_builtins(body)
        assert all(sent.get(name) not in (None, "") for name in REQUIRED[cls])
        assert not set(SERVER_FIELDS) & set(sent)

    check()


@given(strategies.pages(strategies.users()))
def test_a_page_body_decodes_into_the_same_page(page: Page[User]) -> None:
    response = HttpResponse(200, body=strategies.page_body(page))

    assert decode_as(response, "page", type_name(User)) == Success(page)


@given(st.from_type(Page[Agent]))
def test_from_type_draws_pages_of_the_named_entity(page: Page[Agent]) -> None:
    assert all(isinstance(item, Agent) for item in page.items)


@given(st.from_type(APIResponse[User]))
def test_from_type_draws_envelopes_of_the_named_entity(envelope: APIResponse[User]) -> None:
    assert isinstance(envelope.data, User)


@given(strategies.pagings())
def test_paging_is_consistent(paging: Paging) -> None:
    assert paging.total is not None
    assert paging.offset is not None
    assert paging.limit is not None
    assert paging.total >= paging.offset
    assert paging.page == paging.offset // paging.limit + 1


@given(strategies.error_answers())
def test_every_error_body_decodes_into_an_api_error_with_its_status(
    response: HttpResponse,
) -> None:
    result = decode_as(response, "one", type_name(Agent))

    assert isinstance(result, Failure)
    error = result.failure()
    assert isinstance(error, ApiError)
    assert error.status == response.status
    assert error.message


@given(st.from_type(ApiError))
def test_api_errors_are_of_the_class_their_status_calls_for(error: ApiError) -> None:
    assert type(error) is api_error_type(error.status)


@given(strategies.calls())
def test_drawn_calls_are_valid_and_prepare(call: Call[Any]) -> None:
    assert call.problem is None
    assert isinstance(prepare(call, CONFIG), Success)


@given(strategies.calls())
def test_drawn_calls_survive_serialization(call: Call[Any]) -> None:
    assert msgspec.json.decode(msgspec.json.encode(call), type=Call[Any]) == call


@given(st.from_type(Call[Agent]))
def test_from_type_draws_calls_of_the_named_answer(call: Call[Agent]) -> None:
    assert call.type == type_name(Agent)
    assert call.shape in ("one", "bare", "first")


def test_every_builder_in_mosaia_api_is_in_the_calls_table() -> None:
    table = {operation.qualname for operation in strategies.OPERATIONS}

    missing = set(strategies.builders()) - table - set(strategies.NOT_OPERATIONS)

    assert not missing, (
        f"builders missing from OPERATIONS in mosaia/testing/strategies/_operations.py: "
        f"{sorted(missing)}; add each with a strategy for its inputs (or to NOT_OPERATIONS)"
    )


def test_the_calls_table_names_only_builders_that_exist() -> None:
    found = set(strategies.builders())
    stale = {
        op.qualname
        for op in strategies.OPERATIONS
        if op.module.startswith("mosaia.api.") and "(" not in op.name and op.qualname not in found
    }

    assert not stale


def test_the_builder_finder_sees_plain_functions_and_bound_methods() -> None:
    found = strategies.builders()

    assert inspect.isfunction(found["users.get_session"])
    assert inspect.ismethod(found["agents.get_all"])
    assert not any(name.startswith("_") for name in found)  # private modules are not scanned


# ``returns``' own laws (functor, monad, applicative, equality...) for ``Result`` holding SDK
# values: calls, paging and usage on the success side, every SDK error on the failure side. The
# laws draw pure functions, which memoize their arguments, so the values must be hashable: calls
# and error values are (they are frozen and made of tuples and bytes), while entities with list
# or dict fields (``Agent.tags``) are frozen but not hashable, so they are left out here.
check_all_laws(
    Result,
    container_strategy=strategies.results(
        st.one_of(strategies.calls(), strategies.pagings(), strategies.usages()),
        strategies.mosaia_errors(),
    ),
    settings_kwargs={"max_examples": 25},
)


def test_hypothesis_finds_the_sdk_strategies_without_importing_them_first() -> None:
    import subprocess
    import sys

    script = (
        "from hypothesis import strategies as st\n"
        "from mosaia.types import Agent\n"
        "import sys\n"
        "assert 'mosaia.testing.strategies' in sys.modules\n"
        "assert isinstance(st.from_type(Agent).example(), Agent)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

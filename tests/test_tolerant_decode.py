"""Decoding is a tolerant reader: a field whose type does not match costs that field, never the
answer. The value decodes with the field as ``None`` and one warning on the ``mosaia`` logger
names the entity, the field and its path; a body that is not the API's envelope at all is still
a ``DecodeError`` naming the path. Nothing raises."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import msgspec
import pytest
from faultserver import fault_server, reply
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Success

import mosaia.types
from mosaia import Mosaia
from mosaia._types.base import type_name
from mosaia.api import agents
from mosaia.decode import decode_as
from mosaia.errors import ApiError, DecodeError
from mosaia.http import HttpResponse
from mosaia.request import Shape
from mosaia.types import (
    Agent,
    AuthToken,
    ChatCompletion,
    Drive,
    DriveItem,
    FolderLevel,
    Model,
    Organization,
    Paging,
    RetentionPolicy,
    VectorMatch,
    Wallet,
)

#: Every public Struct an answer decodes into (``OAuthErrorResponse`` requires ``error``; the
#: ``Entity`` base is every entity at once).
STRUCTS = sorted(
    (
        value
        for name in mosaia.types.__all__
        if isinstance(value := getattr(mosaia.types, name), type)
        and issubclass(value, msgspec.Struct)
        and value.__name__ == name
        and name not in ("Page", "APIResponse", "MosaiaConfig", "OAuthErrorResponse", "Entity")
    ),
    key=lambda cls: cls.__name__,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
#: JSON values that are no object: one in a field costs the field itself, never less.
NOT_OBJECTS = SCALARS.filter(lambda v: v is not None) | st.lists(SCALARS, min_size=1, max_size=3)


def decode(body: Any, shape: Shape, cls: type[Any]) -> Any:
    raw = body if isinstance(body, bytes) else msgspec.json.encode(body)
    return decode_as(HttpResponse(200, body=raw), shape, type_name(cls))


def warnings(caplog: pytest.LogCaptureFixture) -> list[tuple[Any, Any, Any]]:
    return [
        (r.mosaia_entity, r.mosaia_field, r.mosaia_path)  # type: ignore[attr-defined]
        for r in caplog.records
        if r.name == "mosaia" and r.levelno == logging.WARNING
    ]


@pytest.fixture(autouse=True)
def _capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="mosaia")


def test_a_page_of_agents_whose_model_is_a_list_decodes(caplog: pytest.LogCaptureFixture) -> None:
    # The issue: Failure(DecodeError(... Expected `str | null`, got `array` - at `$.data[0].model`))
    answer = {"data": [{"id": "a1", "model": ["m1", "m2"]}, {"id": "a2", "model": "m3"}]}

    page = decode(answer, "page", Agent).unwrap()

    assert [agent.model for agent in page] == [["m1", "m2"], "m3"]
    assert warnings(caplog) == []


def test_the_same_page_served_over_http_decodes_through_the_client() -> None:
    answer = {"data": [{"id": "a1", "model": ["m1"]}], "paging": {"total": 1}}
    with fault_server(reply(200, json=answer)) as server:
        result = Mosaia(server.config()).run(agents.get_all())

    assert result.unwrap().items == [Agent(id="a1", model=["m1"])]


def test_one_mistyped_field_costs_that_field_of_that_item_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = [{"id": f"a{n}", "name": f"agent {n}", "temperature": 0.5} for n in range(5)]
    items[3]["temperature"] = "warm"

    page = decode({"data": items, "paging": {"total": 5}}, "page", Agent).unwrap()

    assert [agent.name for agent in page] == [f"agent {n}" for n in range(5)]
    assert [agent.temperature for agent in page] == [0.5, 0.5, 0.5, None, 0.5]
    assert page.paging == Paging(total=5)
    assert warnings(caplog) == [("Agent", "temperature", "$.data[3].temperature")]
    message = caplog.records[0].getMessage()
    assert "Agent.temperature" in message
    assert "$.data[3].temperature" in message


@pytest.mark.parametrize(
    ("shape", "body", "path"),
    [
        ("one", {"data": {"name": 5, "id": "a1"}}, "$.data.name"),
        ("first", {"data": [{"name": 5, "id": "a1"}]}, "$.data[0].name"),
        ("bare", {"name": 5, "id": "a1"}, "$.name"),
        ("bare", {"data": {"name": 5, "id": "a1"}}, "$.data.name"),
    ],
)
def test_every_shape_reads_tolerantly(
    shape: Shape, body: Any, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert decode(body, shape, Agent) == Success(Agent(id="a1"))
    assert warnings(caplog) == [("Agent", "name", path)]


def test_a_field_inside_an_embedded_object_costs_only_itself(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"data": {"id": "a1", "org": {"id": "o1", "name": ["Acme"]}}}

    agent = decode(body, "one", Agent).unwrap()

    assert agent == Agent(id="a1", org=Organization(id="o1"))
    assert warnings(caplog) == [("Agent", "org.name", "$.data.org.name")]


def test_a_field_of_one_object_in_a_list_costs_only_itself(
    caplog: pytest.LogCaptureFixture,
) -> None:
    levels = [{"folder_id": "f0", "level": 0}, {"folder_id": "f1", "level": "one"}]

    item = decode({"data": {"folder_structure": levels}}, "one", DriveItem).unwrap()

    assert item.folder_structure == [
        FolderLevel(folder_id="f0", level=0),
        FolderLevel(folder_id="f1"),
    ]
    assert warnings(caplog) == [
        ("DriveItem", "folder_structure[1].level", "$.data.folder_structure[1].level")
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("tags", ["a", 1]), ("extensors", {"k": 1}), ("keywords", "one"), ("forked", [])],
)
def test_a_bad_value_in_a_list_or_map_of_plain_values_costs_the_whole_field(
    field: str, value: Any, caplog: pytest.LogCaptureFixture
) -> None:
    agent = decode({"data": {"id": "a1", field: value}}, "one", Agent).unwrap()

    assert agent == Agent(id="a1")
    assert warnings(caplog) == [("Agent", field, f"$.data.{field}")]


def test_several_bad_fields_each_cost_themselves_and_each_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"data": {"name": 1, "public": "yes", "max_tokens": 1.5, "description": "kept"}}

    assert decode(body, "one", Agent) == Success(Agent(description="kept"))
    assert sorted(field for _, field, _ in warnings(caplog)) == ["max_tokens", "name", "public"]


def test_a_value_outside_an_enum_is_dropped_and_never_quoted_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"data": {"type": "sk-live-SECRET", "retention_policy": {"retention_type": "FOREVER"}}}

    assert decode(body, "one", Model).unwrap() == Model()
    drive = decode(body, "one", Drive).unwrap()

    assert drive.retention_policy == RetentionPolicy()
    assert [f for _, f, _ in warnings(caplog)] == ["type", "retention_policy.retention_type"]
    assert "sk-live-SECRET" not in caplog.text
    assert "FOREVER" not in caplog.text


def test_a_token_answer_with_a_mistyped_field_keeps_its_tokens_out_of_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"data": {"access_token": "at-SECRET", "refresh_token": "rt-SECRET", "iat": []}}

    token = decode(body, "one", AuthToken).unwrap()

    assert (token.access_token, token.iat) == ("at-SECRET", None)
    assert "SECRET" not in caplog.text


def test_a_page_item_that_is_not_an_object_is_left_out_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    page = decode({"data": [{"id": "a1"}, "a2", {"id": "a3"}]}, "page", Agent).unwrap()

    assert [agent.id for agent in page] == ["a1", "a3"]
    assert warnings(caplog) == [("Agent", None, "$.data[1]")]


def test_mistyped_paging_costs_its_field_and_the_items_stay_whole(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"data": [{"id": "a1", "model": ["m"]}], "paging": {"total": "many", "limit": 10}}

    page = decode(body, "page", Agent).unwrap()

    assert (page.items, page.paging) == ([Agent(id="a1", model=["m"])], Paging(limit=10))
    assert warnings(caplog) == [("Paging", "total", "$.paging.total")]


def test_a_bare_completion_with_a_mistyped_field_still_reads() -> None:
    body = {"id": "c1", "created": "yesterday", "choices": [{"message": {"content": "hi"}}]}

    completion = decode(body, "bare", ChatCompletion).unwrap()

    assert (completion.id, completion.created, completion.content) == ("c1", None, "hi")


@pytest.mark.parametrize(
    ("shape", "body", "path"),
    [
        ("one", {"data": [{"id": "a1"}]}, "$.data"),
        ("one", {"data": "a1"}, "$.data"),
        ("page", {"data": "a1"}, "$.data"),  # (a lone object is a page of one: contract 2.8)
        ("first", {"data": 7}, "$.data"),
        ("bare", {"data": [1, 2]}, None),
        ("one", [{"data": {}}], None),
        ("page", b'{"data": [{"id": "a1"', None),
        ("one", b"<html>busy</html>", None),
        ("one", b"[" * 50_000, None),
        ("one", b'{"data": {"tags": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}", None),
    ],
    ids=lambda v: str(v)[:24],
)
def test_a_body_that_is_not_the_envelope_is_still_a_decode_error(
    shape: Shape, body: Any, path: str | None
) -> None:
    error = decode(body, shape, Agent).failure()

    assert isinstance(error, DecodeError)
    if path is not None:
        assert error.path == path


def test_an_error_in_a_2xx_wins_over_mistyped_data() -> None:
    body = {"data": {"name": 5}, "error": {"message": "quota", "code": "QUOTA", "status": 429}}

    error = decode(body, "one", Agent).failure()

    assert isinstance(error, ApiError)
    assert (error.status, error.code) == (429, "QUOTA")


@given(cls=st.sampled_from(STRUCTS), document=st.dictionaries(st.text(max_size=12), JSON))
def test_any_json_object_decodes_into_any_entity(cls: type[Any], document: dict[str, Any]) -> None:
    one = decode({"data": document}, "one", cls)
    page = decode({"data": [document, document]}, "page", cls)
    bare = decode({**document, "data": None, "error": None}, "bare", cls)

    assert isinstance(one.unwrap(), cls)
    assert len(page.unwrap().items) == 2
    # Bare, the body is the value itself: one that carries none of the type's fields is no
    # value of it (an empty Success would claim the server answered one).
    fields = {field.encode_name for field in msgspec.structs.fields(cls)}
    if any(document.get(name) is not None for name in fields - {"data", "error"}):
        assert isinstance(bare.unwrap(), cls) or "none of its fields" in bare.failure().message
    else:
        assert isinstance(bare.failure(), DecodeError)


@given(data=st.data(), cls=st.sampled_from(STRUCTS))
def test_a_well_formed_value_with_one_field_spoiled_loses_exactly_that_field(
    data: st.DataObject, cls: type[Any]
) -> None:
    value = data.draw(st.from_type(cls))
    typed = [field for field in msgspec.structs.fields(cls) if field.type is not Any]
    field = data.draw(st.sampled_from(typed))
    bad = data.draw(NOT_OBJECTS.filter(lambda v: not accepts(cls, field.encode_name, v)))
    document = {**msgspec.to_builtins(value), field.encode_name: bad}

    with capture() as records:
        decoded = decode({"data": document}, "one", cls).unwrap()

    assert decoded == msgspec.structs.replace(value, **{field.name: default_of(field)})
    assert [(r.mosaia_field, r.mosaia_path) for r in records] == [  # type: ignore[attr-defined]
        (field.encode_name, f"$.data.{field.encode_name}")
    ]


def default_of(field: msgspec.structs.FieldInfo) -> Any:
    return field.default_factory() if field.default is msgspec.NODEFAULT else field.default


def accepts(cls: type[Any], key: str, value: Any) -> bool:
    try:
        msgspec.convert({key: value}, cls)
    except msgspec.ValidationError:
        return False
    return True


@contextmanager
def capture() -> Iterator[list[logging.LogRecord]]:
    """The warnings of the ``mosaia`` logger inside the block (hypothesis runs many examples in
    one test, so the per-test ``caplog`` would mix them)."""
    handler = Keeper(logging.WARNING)
    logging.getLogger("mosaia").addHandler(handler)
    try:
        yield handler.records
    finally:
        logging.getLogger("mosaia").removeHandler(handler)


class Keeper(logging.Handler):
    """A log handler that keeps the records it is given."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_list_answered_with_its_one_item_is_a_page_of_one() -> None:
    # GET /billing/wallet answers a page or a single wallet (contract 2.8); both decode.
    wallet = {"id": "w1", "usd_balance": 12.5}
    single = decode({"data": wallet}, "page", Wallet).unwrap()
    paged = decode({"data": [wallet], "paging": {"total": 1}}, "page", Wallet).unwrap()

    assert single.items == paged.items == [Wallet(id="w1", usd_balance=12.5)]
    assert decode({"data": wallet}, "first", Wallet).unwrap() == Wallet(id="w1", usd_balance=12.5)


def test_a_page_answered_as_a_bare_list_is_that_page_without_paging() -> None:
    # Vector search and search may answer without the envelope (contract 2.9); a single answer
    # that is a list is still no entity.
    match = {"document": "a", "index": 0, "relevance_score": 0.5}
    bare = decode(
        [match, {"document": "b", "index": 1, "relevance_score": "high"}], "page", VectorMatch
    )

    assert bare.unwrap().items == [
        VectorMatch(document="a", index=0, relevance_score=0.5),
        VectorMatch(document="b", index=1, relevance_score=None),
    ]
    assert bare.unwrap().paging is None
    assert decode([match], "first", VectorMatch).unwrap() == VectorMatch(
        document="a", index=0, relevance_score=0.5
    )
    assert decode([], "page", VectorMatch).unwrap().items == []
    assert isinstance(decode([match], "one", VectorMatch).failure(), DecodeError)

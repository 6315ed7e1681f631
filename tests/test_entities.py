"""Entity Structs: every one round-trips through JSON, ignores fields it does not know, and
decodes embedded references given as an id or as the object.

Values come from :mod:`mosaia.testing.strategies`, which reads each Struct's fields, so a field
added to an entity is covered without touching this file.
"""

from __future__ import annotations

import inspect

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mosaia.types as types_module
from mosaia._types import entities as entities_module
from mosaia.testing import strategies
from mosaia.testing.strategies._values import json_values
from mosaia.types import (
    AccessPolicy,
    Agent,
    APIResponse,
    App,
    AppBot,
    ErrorDetail,
    ErrorResponse,
    Organization,
    OrgPermission,
    Paging,
    ResponseMeta,
    User,
    UserPermission,
)

ENTITIES: list[type[msgspec.Struct]] = [
    cls
    for _, cls in inspect.getmembers(entities_module, inspect.isclass)
    if issubclass(cls, msgspec.Struct) and cls.__module__ == entities_module.__name__
]

JSON = json_values()


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
@settings(max_examples=25)  # 19 entities: the whole table stays within a few seconds
@given(data=st.data())
def test_every_entity_encodes_and_decodes_to_an_equal_value(
    cls: type[msgspec.Struct], data: st.DataObject
) -> None:
    entity = data.draw(strategies.entity(cls))
    assert msgspec.json.decode(msgspec.json.encode(entity), type=cls) == entity


@pytest.mark.parametrize("cls", ENTITIES, ids=lambda c: c.__name__)
@settings(max_examples=25)  # 19 entities: the whole table stays within a few seconds
@given(data=st.data())
def test_decoding_ignores_unknown_fields(cls: type[msgspec.Struct], data: st.DataObject) -> None:
    entity = data.draw(strategies.entity(cls))
    known = set(cls.__struct_fields__)
    extra = data.draw(
        st.dictionaries(st.text(max_size=10).filter(lambda k: k not in known), JSON, min_size=1)
    )
    document = {**extra, **msgspec.to_builtins(entity)}
    assert msgspec.json.decode(msgspec.json.encode(document), type=cls) == entity


def test_the_entity_list_covers_the_reference() -> None:
    names = {cls.__name__ for cls in ENTITIES}
    reference = {"User", "Organization", "Agent", "AgentGroup", "Model", "Client", "App"}
    reference |= {"Tool", "AppBot", "Wallet", "Meter", "AccessPolicy", "OrgPermission"}
    reference |= {"UserPermission", "OrgUser", "Self", "AuthToken"}
    assert reference <= names


@pytest.mark.parametrize(
    ("cls", "field", "embedded"),
    [
        (Agent, "org", Organization(id="o1", name="Acme")),
        (Agent, "user", User(id="u1", email="u@x.test")),
        (OrgPermission, "policy", AccessPolicy(id="p1", effect="allow", actions=["*"])),
        (UserPermission, "policy", AccessPolicy(id="p1", name="P")),
        (AppBot, "app", App(id="a1", name="App")),
    ],
)
def test_an_embedded_reference_decodes_as_an_id_or_as_the_object(
    cls: type[msgspec.Struct], field: str, embedded: msgspec.Struct
) -> None:
    as_id = msgspec.json.decode(msgspec.json.encode({field: "x1"}), type=cls)
    as_object = msgspec.json.decode(msgspec.json.encode({field: embedded}), type=cls)
    assert getattr(as_id, field) == "x1"
    assert getattr(as_object, field) == embedded


def test_a_numeric_field_accepts_a_json_integer() -> None:
    wallet = msgspec.json.decode(
        b'{"balance": 100, "currency": "USD"}', type=entities_module.Wallet
    )
    assert wallet.balance == 100.0


def test_an_entity_sent_as_a_body_carries_only_its_set_fields() -> None:
    assert msgspec.json.encode(Agent(name="A", public=False)) == b'{"name":"A","public":false}'


def test_seed_interface_names_are_the_entity_types() -> None:
    for name in types_module.__all__:
        if name.endswith("Interface"):
            assert getattr(types_module, name) is getattr(types_module, name[: -len("Interface")])


def test_api_response_reads_a_list_envelope_with_meta() -> None:
    body = b'{"data":[{"id":"a1"}],"paging":{"total":1},"meta":{"status":200,"message":"ok"}}'
    doc = msgspec.json.decode(body, type=APIResponse[list[Agent]])
    assert doc.data == [Agent(id="a1")]
    assert doc.paging == Paging(total=1)
    assert doc.meta == ResponseMeta(status=200, message="ok")


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (b'{"error":{"message":"no model","code":"MODEL_NOT_FOUND","status":404}}', "no model"),
        (b'{"message":"bare"}', "bare"),
        (b'{"error":"invalid_grant"}', "invalid_grant"),
    ],
)
def test_error_response_reads_every_error_body_shape(body: bytes, text: str) -> None:
    assert msgspec.json.decode(body, type=ErrorResponse).text == text


def test_error_response_keeps_the_code_and_status() -> None:
    body = b'{"error":{"message":"m","code":"MODEL_NOT_FOUND","status":404}}'
    doc = msgspec.json.decode(body, type=ErrorResponse)
    assert doc.error == ErrorDetail(message="m", code="MODEL_NOT_FOUND", status=404)

"""Every entity as the platform sends it now (April 2026) and as it sent it in July 2025 decodes
through the SDK's decoder with no field lost: the contract's section 3, entity by entity, and the
changed types of its table 3.4 both ways. The bodies live in ``platform_bodies``."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from platform_bodies import BODIES, Body
from returns.result import Success

import mosaia.types
from mosaia._types.base import type_name
from mosaia.decode import decode_as
from mosaia.http import HttpResponse
from mosaia.testing import strategies
from mosaia.types import (
    Agent,
    AgentTool,
    AppWebhook,
    Client,
    ClientSession,
    Drive,
    Model,
    Organization,
    OrgUser,
    PermissionRule,
    Plan,
    Self,
    SsoToken,
    Task,
    Tool,
    UploadJob,
    UploadTarget,
    Wallet,
)

CASES = [(cls, label, body) for cls, bodies in BODIES.items() for label, body in bodies.items()]

#: The entities of the contract's section 3 (3.2 and 3.3), by the names it gives them.
EXISTING = ["User", "Organization", "OrgUser", "Agent", "Model", "Client", "App", "Tool"]
EXISTING += ["Wallet", "Meter", "AccessPolicy", "OrgPermission", "UserPermission", "Self"]
EXISTING += ["AuthToken"]
ADDED = ["AppConnector", "AgentTool", "AppWebhook", "Drive", "DriveItem", "UploadJob"]
ADDED += ["VectorIndex", "Vector", "Log", "Message", "Snapshot", "Task", "Plan", "Trigger"]
ADDED += ["Activity", "Like", "Scope", "ClientSession", "GroupAgent", "AppUser", "ApiRequestLog"]
NESTED = ["RecordHistory", "RetentionPolicy", "FolderLevel", "Participant", "TaskMetadata"]
NESTED += ["TriggerConfig", "AgentFork", "ClientOAuth", "Subscription", "Entitlement"]
NESTED += ["PermissionRule"]
CONTRACT = EXISTING + ADDED

#: The types the platform added, each with a strategy registered for ``st.from_type``.
NEW_TYPES = [getattr(mosaia.types, name) for name in ADDED + NESTED]


def case_id(case: Any) -> str:
    return case.__name__ if isinstance(case, type) else str(case)[:12]


def decoded_one(cls: type[Any], body: Body) -> Any:
    result = decode_as(
        HttpResponse(200, body=msgspec.json.encode({"data": body})), "one", type_name(cls)
    )
    assert isinstance(result, Success), result
    return result.unwrap()


def assert_kept(value: Any, body: Body) -> None:
    """Every field of ``body`` is on ``value`` with the value sent (nested objects whole)."""
    for key, sent in body.items():
        assert msgspec.to_builtins(getattr(value, key)) == sent, key


@pytest.mark.parametrize(("cls", "label", "body"), CASES, ids=case_id)
def test_every_shape_of_every_entity_decodes_with_no_field_lost(
    cls: type[Any], label: str, body: Body, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mosaia"):
        value = decoded_one(cls, body)

    assert isinstance(value, cls)
    assert_kept(value, body)
    assert caplog.records == []  # read by the fast path: nothing was dropped


@pytest.mark.parametrize("cls", list(BODIES), ids=case_id)
def test_a_page_mixing_the_shapes_of_an_entity_decodes_every_item_whole(cls: type[Any]) -> None:
    bodies = list(BODIES[cls].values())
    answer = msgspec.json.encode({"data": bodies, "paging": {"total": len(bodies)}})

    page = decode_as(HttpResponse(200, body=answer), "page", type_name(cls)).unwrap()

    assert len(page.items) == len(bodies)
    for value, body in zip(page.items, bodies, strict=True):
        assert_kept(value, body)


@pytest.mark.parametrize("cls", list(BODIES), ids=case_id)
def test_the_bodies_of_an_entity_set_every_field_of_its_struct(cls: type[Any]) -> None:
    sent = {key for body in BODIES[cls].values() for key in body}
    fields = {field.encode_name for field in msgspec.structs.fields(cls)}

    assert sent == fields


def test_every_entity_of_the_contract_is_a_public_type_with_bodies() -> None:
    missing = [name for name in CONTRACT if not hasattr(mosaia.types, name)]

    assert missing == []
    assert {getattr(mosaia.types, name) for name in CONTRACT} <= set(BODIES)


# --- the changed types of table 3.4, both ways --------------------------------------------


def test_agent_model_is_one_id_in_july_and_a_priority_list_now() -> None:
    july = decoded_one(Agent, {"model": "m1", "system_prompt": "old", "short_description": "s"})
    now = decoded_one(Agent, {"model": ["m1", "m2"], "system_message": "new", "description": "d"})

    assert (july.model, july.model_ids, july.system_prompt) == ("m1", ["m1"], "old")
    assert (now.model, now.model_ids, now.system_message) == (["m1", "m2"], ["m1", "m2"], "new")
    assert Agent().model_ids == []


def test_tool_schema_is_json_text_in_july_and_an_object_now() -> None:
    july = decoded_one(Tool, {"tool_schema": '{"type": "object"}'})
    now = decoded_one(Tool, {"tool_schema": {"type": "object"}})

    assert (july.tool_schema, now.tool_schema) == ('{"type": "object"}', {"type": "object"})
    assert july.schema == now.schema == {"type": "object"}
    assert Tool(tool_schema="{not json").schema is None
    assert Tool(tool_schema="[1, 2]").schema is None
    assert Tool().schema is None


@pytest.mark.parametrize(("permission"), ["SUPERUSER", "USER", "admin", "member"])
def test_org_user_permission_takes_the_new_values_and_july_free_text(permission: str) -> None:
    assert decoded_one(OrgUser, {"permission": permission}).permission == permission


def test_wallet_balance_in_both_spellings() -> None:
    july = decoded_one(Wallet, {"balance": 100, "currency": "USD"})
    now = decoded_one(Wallet, {"usd_balance": 12.5})

    assert (july.balance, july.currency, july.usd_balance) == (100.0, "USD", None)
    assert (now.usd_balance, now.balance) == (12.5, None)


def test_webhook_event_singular_now_and_a_list_in_older_answers() -> None:
    assert decoded_one(AppWebhook, {"event": "REQUEST"}).event == "REQUEST"
    assert decoded_one(AppWebhook, {"events": ["REQUEST"]}).events == ["REQUEST"]


def test_model_organization_and_client_keep_both_identities() -> None:
    model = decoded_one(Model, {"provider": "openai", "api_type": "openai", "model_id": "gpt-4"})
    org = decoded_one(Organization, {"short_description": "old", "description": "new"})
    client = decoded_one(Client, {"client_id": "cid", "name": "web", "redirect_uris": ["u"]})

    assert (model.provider, model.api_type, model.model_id) == ("openai", "openai", "gpt-4")
    assert (org.short_description, org.description) == ("old", "new")
    assert (client.client_id, client.name, client.redirect_uris) == ("cid", "web", ["u"])


def test_task_plan_and_trigger_references_are_ids_or_embedded_documents() -> None:
    by_id = decoded_one(Task, {"plan": "p1", "agent": "a1"})
    embedded = decoded_one(Task, {"plan": {"id": "p1", "status": "DRAFT"}, "agent": {"id": "a1"}})

    assert (by_id.plan, by_id.agent) == ("p1", "a1")
    assert embedded.plan == Plan(id="p1", status="DRAFT")
    assert embedded.agent == Agent(id="a1")


def test_self_permissions_are_rules_now_and_lists_in_the_older_shape() -> None:
    now = decoded_one(Self, {"permissions": {"allow": {"action": "*", "resource": ["agent"]}}})
    older = decoded_one(Self, {"permissions": {"allow": [{"action": "*"}], "deny": []}})

    assert now.permissions.allow == PermissionRule(action="*", resource=["agent"])
    assert (older.permissions.allow, older.permissions.deny) == ([{"action": "*"}], [])


# --- secrets, strategies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        (Model(name="m", api_key="sk-live-1"), "sk-live-1"),
        (Client(name="c", secret="s3cr3t"), "s3cr3t"),
        (Tool(name="t", default_environment_secrets="enc:t0p"), "enc:t0p"),
        (AgentTool(environment_secrets="enc:a9"), "enc:a9"),
        (AppWebhook(url="https://h.test", headers="X-Token: abc123"), "abc123"),
        (ClientSession(code="c0de-xyz"), "c0de-xyz"),
        (UploadJob(name="a", presigned_url="https://s3.test/?sig=zz9"), "sig=zz9"),
        (UploadTarget(presigned_url="https://s3.test/?sig=yy8"), "sig=yy8"),
        (SsoToken(token="tok-777"), "tok-777"),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, str) else "",
)
def test_entities_holding_credentials_hide_them_in_their_repr(value: Any, secret: str) -> None:
    shown = repr(value) + str(value) + repr(list(value.__rich_repr__()))

    assert secret not in shown
    assert "***" in shown
    assert secret in msgspec.json.encode(value).decode()  # hidden from view, still sent


@pytest.mark.parametrize("cls", NEW_TYPES, ids=case_id)
def test_from_type_draws_every_new_type_and_it_survives_the_wire(cls: type[Any]) -> None:
    @settings(max_examples=15)
    @given(st.from_type(cls))
    def check(value: Any) -> None:
        assert isinstance(value, cls)
        assert msgspec.json.decode(msgspec.json.encode(value), type=cls) == value

    check()


@given(strategies.drives(new=True))
def test_a_drive_drawn_for_create_names_the_drive_and_carries_no_server_field(
    drive: Drive,
) -> None:
    assert drive.name
    assert drive.id is None
    assert drive.record_history is None

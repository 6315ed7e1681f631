"""The value type flows from builder to result, as mypy sees it (checked by `make test`)."""

from __future__ import annotations

from typing import assert_type

from returns.result import Result

from mosaia import Mosaia
from mosaia.api import agents, apps, auth, billing, organizations, tasks, tools
from mosaia.errors import MosaiaError
from mosaia.request import Call
from mosaia.types import (
    AccessPolicy,
    Agent,
    App,
    AppBot,
    AppInterface,
    AuthToken,
    BatchDeleteResult,
    ChatCompletion,
    Drive,
    DriveItem,
    Meter,
    OrgUser,
    Page,
    SearchResults,
    Self,
    SessionToken,
    Task,
    Tool,
    UserPermission,
    Wallet,
)


def test_client_group_results_carry_the_entity_type(local: Mosaia) -> None:
    assert_type(local.agents.get_by_id("a"), Result[Agent, MosaiaError])
    assert_type(local.agents.get_all(), Result[Page[Agent], MosaiaError])
    assert_type(local.agents.delete("a"), Result[None, MosaiaError])
    assert_type(local.agents.chat_completion({}), Result[ChatCompletion, MosaiaError])


def test_builders_return_typed_calls_and_run_keeps_the_type(local: Mosaia) -> None:
    call = agents.get_by_id("a")
    assert_type(call, Call[Agent])
    assert_type(local.run(call), Result[Agent, MosaiaError])


def test_one_name_get_lists_without_an_id_and_fetches_with_one(local: Mosaia) -> None:
    assert_type(local.apps.get(), Result[Page[App], MosaiaError])
    assert_type(local.apps.get("a"), Result[App, MosaiaError])
    assert_type(local.apps.get(AppInterface(id="a")), Result[App, MosaiaError])
    assert_type(local.tools.get(), Result[Page[Tool], MosaiaError])
    assert_type(local.tools.get_by_name("t"), Result[Tool | None, MosaiaError])
    assert_type(apps.get(), Call[Page[App]])
    assert_type(tools.scoped(user="u").get("t"), Call[Tool])


def test_seed_named_operations_carry_their_types(local: Mosaia) -> None:
    assert_type(local.billing.get_wallets(), Result[Page[Wallet], MosaiaError])
    assert_type(local.billing.create_meter({}), Result[Meter, MosaiaError])
    assert_type(local.organizations.get_member("o", "u"), Result[OrgUser, MosaiaError])
    assert_type(local.users.get_session("u"), Result[SessionToken, MosaiaError])
    assert_type(billing.get_meter("m"), Call[Meter])
    assert_type(organizations.get_members("o"), Call[Page[OrgUser]])


def test_auth_permission_and_chat_operations_carry_their_types(local: Mosaia) -> None:
    assert_type(local.auth.sign_in_with_password("e", "p", "c"), Result[AuthToken, MosaiaError])
    assert_type(local.auth.get_self(), Result[Self, MosaiaError])
    assert_type(local.auth.sign_out(), Result[None, MosaiaError])
    assert_type(local.permissions.get_access_policy("p"), Result[AccessPolicy, MosaiaError])
    assert_type(local.permissions.get_user_permissions(), Result[Page[UserPermission], MosaiaError])
    assert_type(local.models.chat_completion({}), Result[ChatCompletion, MosaiaError])
    assert_type(local.app_bots.get("b"), Result[AppBot, MosaiaError])
    assert_type(local.run(auth.refresh_token("r")), Result[AuthToken, MosaiaError])


def test_new_collection_groups_carry_their_entity_types(local: Mosaia) -> None:
    assert_type(local.drives.get_by_id("d"), Result[Drive, MosaiaError])
    assert_type(local.tasks.under(agent="a").get_all(), Result[Page[Task], MosaiaError])
    assert_type(
        local.drive_items.under(drive="d").get_by_path("a/b"), Result[DriveItem, MosaiaError]
    )
    assert_type(local.agents.batch_delete(["a"]), Result[BatchDeleteResult, MosaiaError])
    assert_type(local.agents.like("a"), Result[Agent, MosaiaError])
    assert_type(local.search.query("q"), Result[SearchResults, MosaiaError])
    assert_type(tasks.resource.under(org="o", agent="a").get_by_id("t"), Call[Task])

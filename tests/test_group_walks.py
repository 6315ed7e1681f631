"""Groups that hold several lists walk each of them lazily, like ``CrudGroup.iterate``."""

from __future__ import annotations

from typing import assert_type

from returns.result import Result, Success

from mosaia import Mosaia
from mosaia.errors import MosaiaError
from mosaia.groups import Billing, Permissions
from mosaia.types import Wallet


def test_billing_walks_every_wallet_across_pages(client: Mosaia) -> None:
    for balance in range(5):
        client.billing.create_wallet({"balance": balance, "currency": "USD"}).unwrap()
    walked = list(client.billing.iterate_wallets({"limit": 2}))
    assert [w.map(lambda x: x.balance) for w in walked] == [Success(float(b)) for b in range(5)]


def test_permission_walks_yield_typed_results(local: Mosaia) -> None:
    local.permissions.create_access_policy(
        {"name": "p", "effect": "allow", "actions": ["*"], "resources": ["*"]}
    ).unwrap()
    assert [p.map(lambda x: x.name) for p in local.permissions.iterate_access_policies()] == [
        Success("p")
    ]


def test_walk_keeps_the_item_type_for_mypy(local: Mosaia) -> None:
    for item in local.billing.iterate_wallets():
        assert_type(item, Result[Wallet, MosaiaError])


def test_a_walk_names_the_groups_own_list_operation() -> None:
    assert "``get_wallets``" in (Billing.iterate_wallets.__doc__ or "")
    assert "``get_user_permissions``" in (Permissions.iterate_user_permissions.__doc__ or "")


def test_an_operation_bound_to_a_collection_documents_its_own_path(local: Mosaia) -> None:
    assert (local.billing.get_meter.__doc__ or "").startswith("GET ``/billing/usage/{id}``")
    assert (Permissions.delete_org_permission.__doc__ or "").startswith(
        "DELETE ``/iam/permission/{id}``"
    )

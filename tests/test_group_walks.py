"""Groups that hold several lists walk each of them lazily, like ``CrudGroup.iterate``."""

from __future__ import annotations

from typing import assert_type

from returns.result import Result, Success

from mosaia import Mosaia
from mosaia.errors import MosaiaError
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

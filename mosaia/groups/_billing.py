"""``client.billing``: wallets and usage meters under the seed's names."""

from __future__ import annotations

from mosaia.api import billing
from mosaia.groups._base import Group, op, walk


class Billing(Group):
    """Wallets (balances) and meters (usage readings). Each method returns a ``Result``."""

    get_wallets = op(billing.get_wallets)
    get_wallet = op(billing.get_wallet)
    create_wallet = op(billing.create_wallet)
    update_wallet = op(billing.update_wallet)
    delete_wallet = op(billing.delete_wallet)
    iterate_wallets = walk(billing.get_wallets)

    get_meters = op(billing.get_meters)
    get_meter = op(billing.get_meter)
    create_meter = op(billing.create_meter)
    update_meter = op(billing.update_meter)
    delete_meter = op(billing.delete_meter)
    iterate_meters = walk(billing.get_meters)

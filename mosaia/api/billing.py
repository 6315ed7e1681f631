"""Billing: wallets (``/billing/wallet``) and usage meters (``/billing/usage``; the July 2025
reference had ``/billing/usage``). Both are also mounted under an org or a user:
``meters.under(org="o1")`` is ``/org/o1/billing/usage``.

The seed names each operation after its collection (``get_wallets``, ``create_meter``); each is
the generic CRUD operation of :data:`wallets` or :data:`meters`.

>>> from mosaia.api import billing
>>> billing.get_meters({"type": "api_calls"}).request.path
'/billing/usage'
"""

from __future__ import annotations

from mosaia._types.entities import Meter, Wallet
from mosaia.api._crud import Resource

#: The ``/billing/wallet`` collection the ``*_wallet(s)`` operations are bound from.
wallets = Resource("/billing/wallet", Wallet)
#: The ``/billing/usage`` collection the ``*_meter(s)`` operations are bound from (the platform
#: moved it from ``/billing/usage``).
meters = Resource("/billing/usage", Meter)

#: GET ``/billing/wallet``; filters ``org``, ``user``, ``limit``, ``offset``.
get_wallets = wallets.get_all
#: GET ``/billing/wallet/{id}``.
get_wallet = wallets.get_by_id
#: POST ``/billing/wallet``; ``balance`` and ``currency`` are required.
create_wallet = wallets.create
#: PUT ``/billing/wallet/{id}``.
update_wallet = wallets.update
#: DELETE ``/billing/wallet/{id}``.
delete_wallet = wallets.delete

#: GET ``/billing/usage``; filters ``org``, ``user``, ``type``, ``limit``, ``offset``.
get_meters = meters.get_all
#: GET ``/billing/usage/{id}``.
get_meter = meters.get_by_id
#: POST ``/billing/usage``; ``type`` and ``value`` are required.
create_meter = meters.create
#: PUT ``/billing/usage/{id}``.
update_meter = meters.update
#: DELETE ``/billing/usage/{id}``.
delete_meter = meters.delete

"""``client.clients``: OAuth clients CRUD."""

from __future__ import annotations

from mosaia._types.entities import Client
from mosaia.api import clients
from mosaia.groups._base import CrudGroup


class Clients(CrudGroup[Client]):
    """Manage OAuth clients (application credentials)."""

    resource = clients.resource

"""``client.clients``: OAuth clients CRUD."""

from __future__ import annotations

from mosaia.api import clients
from mosaia.groups.base import CrudGroup
from mosaia.types.entities import Client


class Clients(CrudGroup[Client]):
    """Manage OAuth clients (application credentials)."""

    resource = clients.resource

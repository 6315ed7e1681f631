"""``client.clients``: OAuth clients CRUD."""

from __future__ import annotations

from mosaia.api import clients
from mosaia.groups._base import Group, op, pages, walk


class Clients(Group):
    """Manage OAuth clients (application credentials)."""

    #: The collection its operations are declared over.
    resource = clients.resource

    get_all = op(clients.get_all)
    get_by_id = op(clients.get_by_id)
    create = op(clients.create)
    update = op(clients.update)
    delete = op(clients.delete)
    iterate = walk(clients.get_all)
    iter_pages = pages(clients.get_all)

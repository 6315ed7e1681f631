"""``client.app_bots``: app bots CRUD and ``get()`` / ``get(id)``.

Retired by the platform in November 2025: ``client.app_connectors`` and ``client.app_webhooks``
replace bots. Kept for code written against the seed SDK."""

from __future__ import annotations

from mosaia.api import app_bots
from mosaia.groups._base import Group, lookup, op, pages, walk


class AppBots(Group):
    """Manage the bots that relay apps' conversations to agents."""

    #: The collection its operations are declared over.
    resource = app_bots.resource

    get = lookup(app_bots.resource)
    get_all = op(app_bots.get_all)
    get_by_id = op(app_bots.get_by_id)
    create = op(app_bots.create)
    update = op(app_bots.update)
    delete = op(app_bots.delete)
    iterate = walk(app_bots.get_all)
    iter_pages = pages(app_bots.get_all)

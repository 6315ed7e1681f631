"""``client.app_connectors``: app connectors (``/connector``; ``under(app=...)``), which replace
app bots."""

from __future__ import annotations

from mosaia.api import app_connectors
from mosaia.groups._base import Group, op, pages, walk


class AppConnectors(Group):
    """App connectors (``/connector``; ``under(app=...)``), which replace app bots. Each method
    returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = app_connectors.resource

    get_all = op(app_connectors.get_all)
    get_by_id = op(app_connectors.get_by_id)
    create = op(app_connectors.create)
    update = op(app_connectors.update)
    delete = op(app_connectors.delete)
    iterate = walk(app_connectors.get_all)
    iter_pages = pages(app_connectors.get_all)

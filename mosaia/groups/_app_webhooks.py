"""``client.app_webhooks``: app webhooks (``/hook``; ``under(app=...)``)."""

from __future__ import annotations

from mosaia.api import app_webhooks
from mosaia.groups._base import Group, op, pages, walk


class AppWebhooks(Group):
    """App webhooks (``/hook``; ``under(app=...)``). Each method returns ``Result[...,
    MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = app_webhooks.resource

    get_all = op(app_webhooks.get_all)
    get_by_id = op(app_webhooks.get_by_id)
    create = op(app_webhooks.create)
    update = op(app_webhooks.update)
    delete = op(app_webhooks.delete)
    iterate = walk(app_webhooks.get_all)
    iter_pages = pages(app_webhooks.get_all)

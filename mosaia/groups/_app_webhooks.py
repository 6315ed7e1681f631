"""``client.app_webhooks``: app webhooks (``/hook``, or under an app)."""

from __future__ import annotations

from mosaia._types.apps import AppWebhook
from mosaia.api import app_webhooks
from mosaia.groups._base import CrudGroup


class AppWebhooks(CrudGroup[AppWebhook]):
    """App webhooks (``/hook``, or under an app). Each method returns ``Result[...,
    MosaiaError]``."""

    resource = app_webhooks.resource

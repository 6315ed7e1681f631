"""``client.app_bots``: app bots CRUD and ``get()`` / ``get(id)``.

Retired by the platform in November 2025: ``client.app_connectors`` and ``client.app_webhooks``
replace bots. Kept for code written against the seed SDK."""

from __future__ import annotations

from mosaia._types.entities import AppBot
from mosaia.api import app_bots
from mosaia.groups._base import GetGroup


class AppBots(GetGroup[AppBot]):
    """Manage the bots that relay apps' conversations to agents."""

    resource = app_bots.resource

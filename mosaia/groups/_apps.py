"""``client.apps``: apps CRUD and ``get()`` / ``get(id)``."""

from __future__ import annotations

from mosaia._types.entities import App
from mosaia.api import apps
from mosaia.groups._base import GetGroup
from mosaia.groups._extras import Likes


class Apps(GetGroup[App], Likes[App]):
    """Manage third-party applications."""

    resource = apps.resource

"""``client.apps``: apps CRUD and ``get()`` / ``get(id)``."""

from __future__ import annotations

from mosaia.api import apps
from mosaia.groups.base import GetGroup
from mosaia.types.entities import App


class Apps(GetGroup[App]):
    """Manage third-party applications."""

    resource = apps.resource

"""``client.apps``: apps CRUD and ``get()`` / ``get(id)``."""

from __future__ import annotations

from mosaia.api import apps
from mosaia.groups._base import Group, lookup, op, pages, walk


class Apps(Group):
    """Manage third-party applications."""

    #: The collection its operations are declared over.
    resource = apps.resource

    get = lookup(apps.resource)
    get_all = op(apps.get_all)
    get_by_id = op(apps.get_by_id)
    upload_image = op(apps.upload_image)
    create = op(apps.create)
    update = op(apps.update)
    delete = op(apps.delete)
    like = op(apps.like)
    iterate = walk(apps.get_all)
    iter_pages = pages(apps.get_all)

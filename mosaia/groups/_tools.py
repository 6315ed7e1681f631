"""``client.tools``: tools at the client's scope, with ``get()`` / ``get(id)`` and
``get_by_name``."""

from __future__ import annotations

from typing import Any

from mosaia._runner import Runner
from mosaia.api import tools
from mosaia.api._crud import Resource
from mosaia.groups._base import Group, lookup, op, pages, walk


class Tools(Group):
    """Manage tools. The collection follows the client's config: ``/user/{user}/tool`` when
    ``config.user`` is set, else ``/org/{org}/tool`` when ``config.org`` is, else ``/tool``."""

    def __init__(self, client: Runner) -> None:
        super().__init__(client)
        #: The tool collection at the client's scope.
        self.resource = tools.scoped(user=client.config.user, org=client.config.org)

    def _scoped(self, resource: Resource[Any]) -> Resource[Any]:
        # The operations below are declared over the unscoped ``/tool`` collection; on a client
        # with a user or org they run on that scope's collection instead.
        return super()._scoped(self.resource if resource is tools.resource else resource)

    get = lookup(tools.resource)
    get_by_name = op(tools.get_by_name)
    get_all = op(tools.get_all)
    get_by_id = op(tools.get_by_id)
    upload_image = op(tools.upload_image)
    create = op(tools.create)
    update = op(tools.update)
    delete = op(tools.delete)
    like = op(tools.like)
    execute = op(tools.execute)
    iterate = walk(tools.get_all)
    iter_pages = pages(tools.get_all)

"""``client.tools``: tools at the client's scope, with ``get()`` / ``get(id)`` and
``get_by_name``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from returns.result import Result

from mosaia._types.entities import Tool
from mosaia.api import tools
from mosaia.errors import MosaiaError
from mosaia.groups._base import GetGroup
from mosaia.groups._extras import Likes

if TYPE_CHECKING:
    from mosaia.client import Mosaia


class Tools(GetGroup[Tool], Likes[Tool]):
    """Manage tools. The collection follows the client's config: ``/user/{user}/tool`` when
    ``config.user`` is set, else ``/org/{org}/tool`` when ``config.org`` is, else ``/tool``."""

    resource: tools.ToolResource

    def __init__(self, client: Mosaia) -> None:
        super().__init__(client)
        config = client.config
        scope = tools.resource.under(user=config.user)
        self.resource = scope if config.user is not None else scope.under(org=config.org)

    def get_by_name(self, name: str) -> Result[Tool | None, MosaiaError]:
        """The first tool named ``name`` at this scope, or ``Success(None)`` if there is none."""
        return self._client.run(self.resource.get_by_name(name))

"""``client.search``: search across agents, apps, tools and models (``GET /search``)."""

from __future__ import annotations

from mosaia.api import search
from mosaia.groups._base import Group, op


class Search(Group):
    """Search across agents, apps, tools and models (``GET /search``). The method returns
    ``Result[..., MosaiaError]``."""

    query = op(search.query)

"""``client.agent_tools``: tools attached to one agent: ``client.agent_tools.under(agent=...)``."""

from __future__ import annotations

from mosaia.api import agent_tools
from mosaia.groups._base import Group, op, pages, walk


class AgentTools(Group):
    """Tools attached to one agent: ``client.agent_tools.under(agent=...)``. Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = agent_tools.resource

    get_all = op(agent_tools.get_all)
    get_by_id = op(agent_tools.get_by_id)
    create = op(agent_tools.create)
    update = op(agent_tools.update)
    delete = op(agent_tools.delete)
    execute = op(agent_tools.execute)
    iterate = walk(agent_tools.get_all)
    iter_pages = pages(agent_tools.get_all)

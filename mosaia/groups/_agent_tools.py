"""``client.agent_tools``: tools attached to one agent: ``client.agent_tools.under(agent=...)``."""

from __future__ import annotations

from mosaia._types.apps import AgentTool
from mosaia.api import agent_tools
from mosaia.groups._base import CrudGroup


class AgentTools(CrudGroup[AgentTool]):
    """Tools attached to one agent: ``client.agent_tools.under(agent=...)``. Each method returns
    ``Result[..., MosaiaError]``."""

    resource = agent_tools.resource

"""``client.agent_groups``: agent groups CRUD and chat completions with a whole group.

Retired by the platform in December 2025; kept for code written against the seed SDK."""

from __future__ import annotations

from mosaia._types.entities import AgentGroup
from mosaia.api import agent_groups
from mosaia.groups._base import ChatGroup, CrudGroup


class AgentGroups(CrudGroup[AgentGroup], ChatGroup):
    """Manage groups of agents and chat with them as one."""

    resource = agent_groups.resource
    chat = agent_groups.chat

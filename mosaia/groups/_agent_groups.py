"""``client.agent_groups``: agent groups CRUD and chat completions with a whole group.

Retired by the platform in December 2025; kept for code written against the seed SDK."""

from __future__ import annotations

from mosaia.api import agent_groups
from mosaia.groups._base import Group, astreaming, op, pages, streaming, walk


class AgentGroups(Group):
    """Manage groups of agents and chat with them as one."""

    #: The collection its operations are declared over.
    resource = agent_groups.resource
    #: The chat target its completions are declared over.
    chat = agent_groups.chat

    get_all = op(agent_groups.get_all)
    get_by_id = op(agent_groups.get_by_id)
    create = op(agent_groups.create)
    update = op(agent_groups.update)
    delete = op(agent_groups.delete)
    iterate = walk(agent_groups.get_all)
    iter_pages = pages(agent_groups.get_all)

    chat_completion = op(agent_groups.chat_completion)
    async_chat_completion = op(agent_groups.async_chat_completion)
    chat_completion_stream = streaming(agent_groups.chat_completion_stream)
    achat_completion_stream = astreaming(agent_groups.chat_completion_stream)

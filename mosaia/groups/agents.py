"""``client.agents``: agents CRUD and chat completions, run on the client."""

from __future__ import annotations

from mosaia.api import agents
from mosaia.groups.base import ChatGroup, CrudGroup
from mosaia.types.entities import Agent


class Agents(CrudGroup[Agent], ChatGroup):
    """Manage agents and chat with them. Each method returns ``Result[..., MosaiaError]``."""

    resource = agents.resource
    chat = agents.chat

"""``client.agents``: agents CRUD and chat completions, run on the client."""

from __future__ import annotations

from mosaia._types.entities import Agent
from mosaia.api import agents
from mosaia.groups._base import ChatGroup, CrudGroup


class Agents(CrudGroup[Agent], ChatGroup):
    """Manage agents and chat with them. Each method returns ``Result[..., MosaiaError]``."""

    resource = agents.resource
    chat = agents.chat

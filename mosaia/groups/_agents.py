"""``client.agents``: agents CRUD, batch delete, like, fork and chat completions, run on the
client; ``client.agents.under(org=...)`` for an org's agents."""

from __future__ import annotations

from mosaia._types.entities import Agent
from mosaia.api import agents
from mosaia.groups._base import ChatGroup, op
from mosaia.groups._extras import BatchDeletes, Likes


class Agents(BatchDeletes[Agent], Likes[Agent], ChatGroup):
    """Manage agents and chat with them. Each method returns ``Result[..., MosaiaError]``."""

    resource = agents.resource
    chat = agents.chat
    fork = op(agents.fork)

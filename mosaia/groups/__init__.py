"""Client groups: ``client.agents``, ``client.users``, ... (see :mod:`mosaia.groups.base`)."""

from mosaia.groups.agents import Agents
from mosaia.groups.base import ChatGroup, CrudGroup, Group, op

__all__ = ["Agents", "ChatGroup", "CrudGroup", "Group", "op"]

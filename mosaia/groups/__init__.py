"""Client groups: ``client.agents``, ``client.users``, ... Each is a declaration of operations
over the pure builders (``op``, ``walk``, ``pages``, ``streaming``, ``astreaming``, ``lookup``;
see :mod:`mosaia.groups._base`)."""

from mosaia.groups._agent_groups import AgentGroups
from mosaia.groups._agents import Agents
from mosaia.groups._app_bots import AppBots
from mosaia.groups._apps import Apps
from mosaia.groups._auth import Auth
from mosaia.groups._base import Group, astreaming, lookup, op, pages, streaming, walk
from mosaia.groups._billing import Billing
from mosaia.groups._clients import Clients
from mosaia.groups._models import Models
from mosaia.groups._organizations import Organizations
from mosaia.groups._permissions import Permissions
from mosaia.groups._tools import Tools
from mosaia.groups._users import Users

__all__ = [
    "AgentGroups",
    "Agents",
    "AppBots",
    "Apps",
    "Auth",
    "Billing",
    "Clients",
    "Group",
    "Models",
    "Organizations",
    "Permissions",
    "Tools",
    "Users",
    "astreaming",
    "lookup",
    "op",
    "pages",
    "streaming",
    "walk",
]

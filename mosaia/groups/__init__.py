"""Client groups: ``client.agents``, ``client.users``, ... (see :mod:`mosaia.groups._base`)."""

from mosaia.groups._agent_groups import AgentGroups
from mosaia.groups._agents import Agents
from mosaia.groups._app_bots import AppBots
from mosaia.groups._apps import Apps
from mosaia.groups._auth import Auth
from mosaia.groups._base import ChatGroup, CrudGroup, GetGroup, Group, op
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
    "ChatGroup",
    "Clients",
    "CrudGroup",
    "GetGroup",
    "Group",
    "Models",
    "Organizations",
    "Permissions",
    "Tools",
    "Users",
    "op",
]

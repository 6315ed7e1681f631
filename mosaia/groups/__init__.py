"""Client groups: ``client.agents``, ``client.users``, ... (see :mod:`mosaia.groups.base`)."""

from mosaia.groups.agent_groups import AgentGroups
from mosaia.groups.agents import Agents
from mosaia.groups.app_bots import AppBots
from mosaia.groups.apps import Apps
from mosaia.groups.auth import Auth
from mosaia.groups.base import ChatGroup, CrudGroup, GetGroup, Group, op
from mosaia.groups.billing import Billing
from mosaia.groups.clients import Clients
from mosaia.groups.models import Models
from mosaia.groups.organizations import Organizations
from mosaia.groups.permissions import Permissions
from mosaia.groups.tools import Tools
from mosaia.groups.users import Users

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

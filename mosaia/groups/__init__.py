"""Client groups: ``client.agents``, ``client.users``, ... Each is a declaration of operations
over the pure builders (``op``, ``walk``, ``pages``, ``streaming``, ``astreaming``, ``lookup``;
see :mod:`mosaia.groups._base`)."""

from mosaia.groups._activities import Activities
from mosaia.groups._agent_groups import AgentGroups
from mosaia.groups._agent_tools import AgentTools
from mosaia.groups._agents import Agents
from mosaia.groups._app_bots import AppBots
from mosaia.groups._app_connectors import AppConnectors
from mosaia.groups._app_webhooks import AppWebhooks
from mosaia.groups._apps import Apps
from mosaia.groups._auth import Auth
from mosaia.groups._base import Group, astreaming, lookup, op, pages, streaming, walk
from mosaia.groups._billing import Billing
from mosaia.groups._clients import Clients
from mosaia.groups._collections import CollectionGroups
from mosaia.groups._drive_items import DriveItems
from mosaia.groups._drives import Drives
from mosaia.groups._logs import Logs
from mosaia.groups._memberships import Memberships, UserMemberships
from mosaia.groups._messages import Messages
from mosaia.groups._models import Models
from mosaia.groups._notifications import Notifications
from mosaia.groups._organizations import Organizations
from mosaia.groups._permissions import Permissions
from mosaia.groups._plans import Plans
from mosaia.groups._scopes import Scopes
from mosaia.groups._search import Search
from mosaia.groups._snapshots import Snapshots
from mosaia.groups._sso import Sso
from mosaia.groups._tasks import Tasks
from mosaia.groups._tools import Tools
from mosaia.groups._triggers import Triggers
from mosaia.groups._upload_jobs import UploadJobs
from mosaia.groups._users import Users
from mosaia.groups._vector_indexes import VectorIndexes
from mosaia.groups._vectors import Vectors

__all__ = [
    "Activities",
    "AgentGroups",
    "AgentTools",
    "Agents",
    "AppBots",
    "AppConnectors",
    "AppWebhooks",
    "Apps",
    "Auth",
    "Billing",
    "Clients",
    "CollectionGroups",
    "DriveItems",
    "Drives",
    "Group",
    "Logs",
    "Memberships",
    "Messages",
    "Models",
    "Notifications",
    "Organizations",
    "Permissions",
    "Plans",
    "Scopes",
    "Search",
    "Snapshots",
    "Sso",
    "Tasks",
    "Tools",
    "Triggers",
    "UploadJobs",
    "UserMemberships",
    "Users",
    "VectorIndexes",
    "Vectors",
    "astreaming",
    "lookup",
    "op",
    "pages",
    "streaming",
    "walk",
]

"""Client groups: ``client.agents``, ``client.users``, ... Each is a declaration of operations
over the pure builders (``op``, ``walk``, ``pages``, ``streaming``, ``astreaming``, ``lookup``;
see :mod:`mosaia.groups._base`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mosaia.groups._base import Group, astreaming, lookup, op, pages, streaming, walk
from mosaia.groups._collections import CollectionGroups

if TYPE_CHECKING:
    from mosaia.groups._activities import Activities
    from mosaia.groups._agent_groups import AgentGroups
    from mosaia.groups._agent_tools import AgentTools
    from mosaia.groups._agents import Agents
    from mosaia.groups._app_bots import AppBots
    from mosaia.groups._app_connectors import AppConnectors
    from mosaia.groups._app_webhooks import AppWebhooks
    from mosaia.groups._apps import Apps
    from mosaia.groups._auth import Auth
    from mosaia.groups._billing import Billing
    from mosaia.groups._clients import Clients
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

#: Where each group class lives; a group's module (and its builders) loads when first used.
_LAZY = {
    "Activities": "mosaia.groups._activities",
    "AgentGroups": "mosaia.groups._agent_groups",
    "AgentTools": "mosaia.groups._agent_tools",
    "Agents": "mosaia.groups._agents",
    "AppBots": "mosaia.groups._app_bots",
    "AppConnectors": "mosaia.groups._app_connectors",
    "AppWebhooks": "mosaia.groups._app_webhooks",
    "Apps": "mosaia.groups._apps",
    "Auth": "mosaia.groups._auth",
    "Billing": "mosaia.groups._billing",
    "Clients": "mosaia.groups._clients",
    "DriveItems": "mosaia.groups._drive_items",
    "Drives": "mosaia.groups._drives",
    "Logs": "mosaia.groups._logs",
    "Memberships": "mosaia.groups._memberships",
    "UserMemberships": "mosaia.groups._memberships",
    "Messages": "mosaia.groups._messages",
    "Models": "mosaia.groups._models",
    "Notifications": "mosaia.groups._notifications",
    "Organizations": "mosaia.groups._organizations",
    "Permissions": "mosaia.groups._permissions",
    "Plans": "mosaia.groups._plans",
    "Scopes": "mosaia.groups._scopes",
    "Search": "mosaia.groups._search",
    "Snapshots": "mosaia.groups._snapshots",
    "Sso": "mosaia.groups._sso",
    "Tasks": "mosaia.groups._tasks",
    "Tools": "mosaia.groups._tools",
    "Triggers": "mosaia.groups._triggers",
    "UploadJobs": "mosaia.groups._upload_jobs",
    "Users": "mosaia.groups._users",
    "VectorIndexes": "mosaia.groups._vector_indexes",
    "Vectors": "mosaia.groups._vectors",
}

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


def __getattr__(name: str) -> Any:
    # ``import mosaia`` need not load every group's module and builders (issue 17).
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

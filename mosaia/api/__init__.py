"""Pure builders, one module per API group: each operation returns a ``Call`` value.

``from mosaia.api import agents``; ``agents.get_by_id("a1")`` is a ``Call[Agent]`` to run with
``client.run(...)`` or :func:`mosaia.run.run`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mosaia.api import (
        activities,
        agent_groups,
        agent_tools,
        agents,
        app_bots,
        app_connectors,
        app_webhooks,
        apps,
        auth,
        billing,
        clients,
        drive_items,
        drives,
        logs,
        memberships,
        messages,
        models,
        notifications,
        organizations,
        permissions,
        plans,
        scopes,
        search,
        snapshots,
        sso,
        tasks,
        tools,
        triggers,
        upload_jobs,
        users,
        vector_indexes,
        vectors,
    )


def __getattr__(name: str) -> Any:
    # Each builder module loads when first used (``from mosaia.api import drives`` or
    # ``mosaia.api.drives``): importing the SDK does not pay for thirty-odd modules a program
    # may never touch (issue 17: ``import mosaia`` within 15 ms of its dependencies).
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "activities",
    "agent_groups",
    "agent_tools",
    "agents",
    "app_bots",
    "app_connectors",
    "app_webhooks",
    "apps",
    "auth",
    "billing",
    "clients",
    "drive_items",
    "drives",
    "logs",
    "memberships",
    "messages",
    "models",
    "notifications",
    "organizations",
    "permissions",
    "plans",
    "scopes",
    "search",
    "snapshots",
    "sso",
    "tasks",
    "tools",
    "triggers",
    "upload_jobs",
    "users",
    "vector_indexes",
    "vectors",
]

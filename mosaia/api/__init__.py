"""Pure builders, one module per API group: each operation returns a ``Call`` value.

``from mosaia.api import agents``; ``agents.get_by_id("a1")`` is a ``Call[Agent]`` to run with
``client.run(...)`` or :func:`mosaia.run.run`.
"""

from mosaia.api import (
    agent_groups,
    agents,
    app_bots,
    apps,
    auth,
    billing,
    clients,
    models,
    organizations,
    permissions,
    tools,
    users,
)

__all__ = [
    "agent_groups",
    "agents",
    "app_bots",
    "apps",
    "auth",
    "billing",
    "clients",
    "models",
    "organizations",
    "permissions",
    "tools",
    "users",
]

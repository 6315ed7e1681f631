"""A small, realistic Mosaia world to seed a simulator with: ``Simulator.with_fixtures()``.

One organization (Acme Robotics) with three members, two models, two agents and a group of
them, an OAuth client, an app with a bot, three tools (one global, one the org's, one a user's),
a wallet, two usage meters, two access policies and the permissions granting them; and of
today's platform, a drive with its items, upload job and vector index, an agent log, a task,
plan and trigger, an activity row, an attached tool, a connector and a webhook.

Every id is fixed and listed in :data:`IDS`, so a test can name what it expects::

    sim = Simulator.with_fixtures()
    agent = Mosaia(sim.config(), sim).agents.get_by_id(IDS.support_agent).unwrap()
    assert agent.name == "Support Assistant"

Ids are 24 hex digits like the live API's, and never collide with the ids the simulator makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from mosaia.testing._sim.resources import MEMBERS
from mosaia.testing._sim.world import World

W = TypeVar("W", bound=World)


def _id(kind: int, n: int) -> str:
    # "64" then a kind byte: distinct from the simulator's own "65..." ids and easy to read.
    return f"64{kind:02x}{0:018x}{n:02x}"


class FixtureIds(msgspec.Struct, frozen=True):
    """The id of every fixture document, by role."""

    org: str = _id(0xA0, 1)
    ada: str = _id(0xB0, 1)
    grace: str = _id(0xB0, 2)
    alan: str = _id(0xB0, 3)
    ada_membership: str = _id(0xA6, 1)
    grace_membership: str = _id(0xA6, 2)
    alan_membership: str = _id(0xA6, 3)
    gpt_model: str = _id(0xC2, 1)
    claude_model: str = _id(0xC2, 2)
    support_agent: str = _id(0xC0, 1)
    research_agent: str = _id(0xC0, 2)
    group: str = _id(0xC1, 1)
    client: str = _id(0xD0, 1)
    app: str = _id(0xE0, 1)
    bot: str = _id(0xE1, 1)
    weather_tool: str = _id(0xF0, 1)
    search_tool: str = _id(0xF0, 2)
    calculator_tool: str = _id(0xF0, 3)
    wallet: str = _id(0xA1, 1)
    api_calls_meter: str = _id(0xA2, 1)
    tokens_meter: str = _id(0xA2, 2)
    admin_policy: str = _id(0xA3, 1)
    read_only_policy: str = _id(0xA3, 2)
    org_permission: str = _id(0xA4, 1)
    user_permission: str = _id(0xA5, 1)
    drive: str = _id(0x90, 1)
    folder: str = _id(0x91, 1)
    report: str = _id(0x91, 2)
    upload: str = _id(0x92, 1)
    index: str = _id(0x93, 1)
    vector: str = _id(0x94, 1)
    log: str = _id(0x95, 1)
    message: str = _id(0x96, 1)
    snapshot: str = _id(0x97, 1)
    task: str = _id(0x98, 1)
    plan: str = _id(0x99, 1)
    trigger: str = _id(0x9A, 1)
    activity: str = _id(0x9B, 1)
    agent_tool: str = _id(0x9C, 1)
    connector: str = _id(0x9D, 1)
    hook: str = _id(0x9E, 1)


#: The fixture ids. ``IDS.support_agent``, ``IDS.org``, ...
IDS = FixtureIds()

#: The OAuth client's credentials (a client sign-in with these succeeds where auth is served).
CLIENT_ID = "acme-web"
CLIENT_SECRET = "sim-acme-web-secret"  # noqa: S105 - a fixture credential for a test double
#: Where the client may send users back to after the OAuth authorize page.
REDIRECT_URIS = ("https://app.acme.test/callback",)
#: Ada's sign-in email and password.
ADA_EMAIL = "ada@acme.test"
ADA_PASSWORD = "sim-ada-password"  # noqa: S105 - a fixture credential for a test double

_TIME = "2025-07-01T09:00:00Z"


def world() -> dict[str, list[dict[str, Any]]]:
    """The fixture documents by collection path, in the order they are inserted."""
    i = IDS
    owned = {"org": i.org}
    return {
        "/org": [
            {
                "id": i.org,
                "name": "Acme Robotics",
                "short_description": "Robots that answer the phone",
                "long_description": "Acme builds customer-service agents for small businesses.",
                "image": "https://cdn.acme.test/logo.png",
            }
        ],
        "/user": [
            {
                "id": i.ada,
                "email": ADA_EMAIL,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "username": "ada",
                "name": "Ada Lovelace",
                **owned,
            },
            {
                "id": i.grace,
                "email": "grace@acme.test",
                "first_name": "Grace",
                "last_name": "Hopper",
                "username": "grace",
                "name": "Grace Hopper",
                **owned,
            },
            {
                "id": i.alan,
                "email": "alan@acme.test",
                "first_name": "Alan",
                "last_name": "Turing",
                "username": "alan",
                "name": "Alan Turing",
                "active": False,
                **owned,
            },
        ],
        MEMBERS: [
            {"id": i.ada_membership, "org": i.org, "user": i.ada, "permission": "owner"},
            {"id": i.grace_membership, "org": i.org, "user": i.grace, "permission": "admin"},
            {"id": i.alan_membership, "org": i.org, "user": i.alan, "permission": "member"},
        ],
        "/model": [
            {
                "id": i.gpt_model,
                "name": "GPT-4o",
                "short_description": "OpenAI's general model",
                "provider": "openai",
                "model_id": "gpt-4o",
                "max_tokens": 4096,
                "temperature": 0.7,
                "public": True,
                "tags": ["general", "fast"],
            },
            {
                "id": i.claude_model,
                "name": "Claude Sonnet",
                "short_description": "Anthropic's balanced model",
                "provider": "anthropic",
                "model_id": "claude-sonnet-4",
                "max_tokens": 8192,
                "public": True,
                "tags": ["general", "long-context"],
                **owned,
            },
        ],
        "/agent": [
            {
                "id": i.support_agent,
                "name": "Support Assistant",
                "short_description": "Answers customer questions politely",
                "model": i.gpt_model,
                "system_prompt": "You are a helpful support assistant for Acme Robotics.",
                "temperature": 0.3,
                "max_tokens": 512,
                "public": True,
                "tags": ["support", "customer"],
                "keywords": ["help", "faq"],
                "user": i.ada,
                **owned,
            },
            {
                "id": i.research_agent,
                "name": "Research Analyst",
                "short_description": "Digs through documents and summarizes",
                "model": i.claude_model,
                "system_prompt": "You summarize research for busy engineers.",
                "public": False,
                "tags": ["research"],
                "user": i.grace,
                **owned,
            },
        ],
        "/group": [
            {
                "id": i.group,
                "name": "Customer Team",
                "short_description": "Support and research answering together",
                "agents": [i.support_agent, i.research_agent],
                "public": True,
                "tags": ["support"],
                **owned,
            }
        ],
        "/client": [
            {
                "id": i.client,
                "name": "Acme Web",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": list(REDIRECT_URIS),
                "scopes": ["read", "write"],
                **owned,
            }
        ],
        "/app": [
            {
                "id": i.app,
                "name": "Helpdesk",
                "short_description": "Acme's customer helpdesk",
                "external_app_url": "https://helpdesk.acme.test",
                "external_headers": {"X-Tenant": "acme"},
                "tags": ["support"],
                **owned,
            }
        ],
        "/bot": [
            {
                "id": i.bot,
                "app": i.app,
                "response_url": "https://helpdesk.acme.test/hooks/mosaia",
                "agent": i.support_agent,
                "api_key_partial": "mk_...3f9a",
                "tags": ["support"],
                **owned,
            }
        ],
        "/tool": [
            {
                "id": i.weather_tool,
                "name": "weather",
                "friendly_name": "Weather",
                "short_description": "Current weather for a city",
                "tool_schema": _schema({"city": {"type": "string"}}),
                "url": "https://tools.acme.test/weather",
                "public": True,
            },
            {
                "id": i.search_tool,
                "name": "web_search",
                "friendly_name": "Web search",
                "short_description": "Searches the web",
                "tool_schema": _schema({"query": {"type": "string"}}),
                "required_environment_variables": ["SEARCH_API_KEY"],
                **owned,
            },
            {
                "id": i.calculator_tool,
                "name": "calculator",
                "friendly_name": "Calculator",
                "short_description": "Evaluates arithmetic",
                "tool_schema": _schema({"expression": {"type": "string"}}),
                "user": i.ada,
            },
        ],
        "/billing/wallet": [
            {"id": i.wallet, "balance": 100.0, "currency": "USD", **owned},
        ],
        "/billing/meter": [
            {
                "id": i.api_calls_meter,
                "type": "api_calls",
                "value": 1000,
                "metadata": {"endpoint": "/v1/agent/chat/completions"},
                **owned,
            },
            {
                "id": i.tokens_meter,
                "type": "tokens",
                "value": 52000,
                "metadata": {"model": "gpt-4o"},
                "user": i.ada,
                **owned,
            },
        ],
        "/iam/policy": [
            {
                "id": i.admin_policy,
                "name": "Admin",
                "effect": "allow",
                "actions": ["*"],
                "resources": ["*"],
            },
            {
                "id": i.read_only_policy,
                "name": "Read only",
                "effect": "allow",
                "actions": ["read:*"],
                "resources": ["agent", "model"],
                "conditions": {"ip": "10.0.0.0/8"},
            },
        ],
        "/iam/permission": [
            {"id": i.org_permission, "org": i.org, "user": i.ada, "policy": i.admin_policy},
        ],
        "/user/permission": [
            {
                "id": i.user_permission,
                "user": i.ada,
                "client": i.client,
                "policy": i.read_only_policy,
            },
        ],
    }


def platform_world() -> dict[str, list[dict[str, Any]]]:
    """The documents of the collections the platform added since July 2025: Ada's drive with a
    folder and a report in it, an upload job, a vector index over the drive with one vector, a
    support log with a message and a snapshot, a task, a plan and a trigger, an activity row,
    a tool attached to the support agent, and the app's connector and webhook."""
    i = IDS
    mine = {"org": i.org, "user": i.ada}
    report = {"id": i.report, "drive": i.drive, "name": "q3.pdf", "path": "/reports/q3.pdf"}
    return {
        "/drive": [{"id": i.drive, **mine, "name": "Team docs", "max_size": 1 << 30}],
        "/drive/{drive}/item": [
            {"id": i.folder, "drive": i.drive, "name": "reports", "item_type": "FOLDER"},
            {**report, "item_type": "FILE", "mime_type": "application/pdf", "size": 2048},
        ],
        "/drive/{drive}/upload": [
            {"id": i.upload, "drive": i.drive, "name": "q3.pdf", "status": "COMPLETED"},
        ],
        "/index": [{"id": i.index, **mine, "name": "Docs index", "drive": i.drive}],
        "/index/{index}/vector": [
            {"id": i.vector, "index": i.index, "file": i.report, "embedding": [0.1, 0.2]},
        ],
        "/log": [{"id": i.log, **mine, "agent": i.support_agent, "status": "STANDBY"}],
        "/log/{log}/message": [
            {"id": i.message, "log": i.log, "role": "user", "content": "Where is my order?"},
        ],
        "/snapshot": [{"id": i.snapshot, **mine, "source": i.log, "data": {"turns": 1}}],
        "/task": [{"id": i.task, **mine, "agent": i.support_agent, "content": "# Follow up"}],
        "/plan": [{"id": i.plan, **mine, "task": i.task, "content": "# Steps", "status": "DRAFT"}],
        "/trigger": [{"id": i.trigger, **mine, "task": i.task, "type": "MANUAL"}],
        "/activity": [
            {
                "id": i.activity,
                **mine,
                "resource": "drive",
                "resource_id": i.drive,
                "operation": "create",
                "payload": {"id": i.drive, "name": "Team docs"},
            },
        ],
        "/agent/{agent}/tool": [
            {"id": i.agent_tool, "agent": i.support_agent, "tool": i.weather_tool},
        ],
        "/connector": [{"id": i.connector, **mine, "app": i.app, "agent": i.support_agent}],
        "/hook": [{"id": i.hook, **mine, "app": i.app, "url": "https://hooks.acme.test/in"}],
    }


def _schema(properties: Mapping[str, Any]) -> str:
    doc = {"type": "object", "properties": dict(properties), "required": list(properties)}
    return msgspec.json.encode(doc).decode()


def seed(sim: W) -> W:
    """Insert :func:`world` into ``sim`` (as if created through the API), let Ada sign in with
    :data:`ADA_PASSWORD` and the client with :data:`CLIENT_SECRET`, and return ``sim``."""
    for path, docs in (*world().items(), *platform_world().items()):
        for doc in docs:
            sim.insert(path, {**doc, "created_at": _TIME, "updated_at": _TIME})
    sim.auth.register_user(ADA_EMAIL, ADA_PASSWORD)
    sim.auth.register_client(CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=REDIRECT_URIS)
    return sim

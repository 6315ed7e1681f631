"""The seed README's examples (examples/seed/README.md) run against the served simulator.

Each block runs as written, in a namespace holding a client for the simulator, with the README's
placeholder ids present there. Every request it makes must succeed (except where the block is
about a failure), every ``Result`` it keeps must be a ``Success``, and the values it gets back
must be the ones the block asked for.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from returns.result import Result, Success

from mosaia import Mosaia
from mosaia.errors import ConnectionFailure
from mosaia.executors._pool import Urllib3Executor
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing import SimulatorServer

README = Path(__file__).parent.parent / "examples" / "seed" / "README.md"

#: The documents the README's placeholder ids name, by collection.
FIXTURES: dict[str, list[dict[str, Any]]] = {
    "/user": [{"id": "user_id", "email": "user@example.com", "first_name": "John"}],
    "/org": [{"id": "org_id", "name": "Acme"}],
    "/agent": [{"id": "agent_id", "name": "Assistant", "short_description": "helps"}],
    "/group": [{"id": "group_id", "name": "Team", "short_description": "a team"}],
    "/model": [
        {
            "id": "model_id",
            "name": "GPT-4",
            "short_description": "Advanced language model",
            "provider": "openai",
            "model_id": "gpt-4",
        }
    ],
    "/client": [{"id": "client_id", "name": "Web Application", "client_id": "webapp-client"}],
    "/billing/wallet": [{"id": "wallet_id", "balance": 100.0, "currency": "USD", "org": "org_id"}],
    "/billing/meter": [{"id": "meter_id", "type": "api_calls", "value": 10, "org": "org_id"}],
    "/iam/policy": [
        {"id": "policy_id", "name": "P", "effect": "allow", "actions": ["*"], "resources": ["*"]}
    ],
    "/iam/permission": [
        {"id": "permission_id", "org": "org_id", "user": "user_id", "policy": "policy_id"}
    ],
    "/user/permission": [
        {"id": "permission_id", "user": "user_id", "client": "client_id", "policy": "policy_id"}
    ],
    "/app": [{"id": "app_id", "name": "My App", "short_description": "A great app"}],
    "/tool": [
        {
            "id": "tool_id",
            "name": "tool_name",
            "short_description": "A useful tool",
            "tool_schema": '{"type": "object"}',
            "user": "user_id",
        }
    ],
    "/bot": [{"id": "bot_id", "app": "app_id", "response_url": "https://example.com/webhook"}],
}


def sections() -> dict[str, str]:
    """The README's Python blocks by section title."""
    text = README.read_text(encoding="utf-8")
    found = re.findall(r"^## (.+?)\n.*?```python\n(.*?)```", text, flags=re.M | re.S)
    return dict(found)


class Recording:
    """An executor that sends through urllib3 and remembers every status it got."""

    def __init__(self) -> None:
        self.inner = Urllib3Executor()
        self.seen: list[tuple[str, str, int]] = []

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        result = self.inner.send(request)
        status = result.map(lambda r: r.status).value_or(0)
        self.seen.append((request.method, request.url, status))
        return result


@pytest.fixture
def recording() -> Iterator[Recording]:
    executor = Recording()
    yield executor
    executor.inner.close()


def run_block(name: str, server: SimulatorServer, executor: Recording) -> dict[str, Any]:
    """Run the block ``name`` with the README's ids in the simulator; its namespace after."""
    for path, docs in FIXTURES.items():
        for doc in docs:
            server.simulator.insert(path, doc)
    namespace: dict[str, Any] = {
        "client": Mosaia(server.config(), executor),
        "Mosaia": functools.partial(Mosaia, executor=executor),
        # The README's configs name the live API: keep every one of them on loopback.
        "MosiaConfig": lambda **kw: server.config(**{**kw, "base_url": server.url}),
    }
    exec(compile(sections()[name], f"{README}:{name}", "exec"), namespace)  # noqa: S102
    return namespace


def results(namespace: dict[str, Any]) -> dict[str, Result[Any, Any]]:
    return {k: v for k, v in namespace.items() if isinstance(v, Result)}


def content(namespace: dict[str, Any], name: str) -> Any:
    return namespace[name].unwrap().content


#: What each block's values must be, beyond "every call succeeded".
CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {}


def check(name: str) -> Callable[[Callable[[dict[str, Any]], None]], None]:
    def register(fn: Callable[[dict[str, Any]], None]) -> None:
        CHECKS[name] = fn

    return register


@check("Users API")
def _users(ns: dict[str, Any]) -> None:
    assert ns["new_user"].unwrap().email == "john@example.com"
    assert ns["updated_user"].unwrap().first_name == "Jane"
    assert ns["session"].unwrap().token


@check("Organizations API")
def _organizations(ns: dict[str, Any]) -> None:
    assert ns["new_org"].unwrap().short_description == "A technology company"
    assert ns["updated_org"].unwrap().name == "Acme Corporation"


@check("Agents API")
def _agents(ns: dict[str, Any]) -> None:
    assert content(ns, "response") == "Updated Assistant Name heard: Hello, how are you?"
    assert ns["new_agent"].unwrap().system_prompt == "You are a helpful assistant."


@check("Agent Groups API")
def _agent_groups(ns: dict[str, Any]) -> None:
    assert ns["new_group"].unwrap().agents == ["agent-1", "agent-2", "agent-3"]
    assert content(ns, "response") == "Updated Team Name heard: Hello team!"


@check("Models API")
def _models(ns: dict[str, Any]) -> None:
    assert ns["new_model"].unwrap().max_tokens == 4096
    assert content(ns, "response") == "Updated Model Name heard: Hello!"
    assert ns["response"].unwrap().model == "gpt-4"


@check("Clients API")
def _clients(ns: dict[str, Any]) -> None:
    assert ns["new_client"].unwrap().scopes == ["read", "write"]


@check("Billing API")
def _billing(ns: dict[str, Any]) -> None:
    assert ns["updated_wallet"].unwrap().balance == 150.0
    assert ns["new_meter"].unwrap().metadata == {"endpoint": "/v1/chat/completions"}


@check("Permissions API")
def _permissions(ns: dict[str, Any]) -> None:
    assert ns["new_policy"].unwrap().effect == "allow"
    assert ns["updated_org_permission"].unwrap().policy == "new-policy-id"
    assert ns["new_user_permission"].unwrap().client == "client_id"


@check("Apps API")
def _apps(ns: dict[str, Any]) -> None:
    assert [a.id for a in ns["apps"].unwrap().items] == ["app_id"]
    assert ns["app"].unwrap().id == "app_id"


@check("Tools API")
def _tools(ns: dict[str, Any]) -> None:
    assert ns["tool"].unwrap().id == "tool_id"  # get_by_name("tool_name") at user_id's scope
    assert ns["new_tool"].unwrap().user == "user_id"
    assert [t.id for t in ns["tools"].unwrap().items] == ["tool_id"]


@check("App Bots API")
def _app_bots(ns: dict[str, Any]) -> None:
    assert ns["new_bot"].unwrap().app == "app_id"
    assert ns["updated_bot"].unwrap().response_url == "https://new-url.com/webhook"


@check("Pythonic Patterns")
def _patterns(ns: dict[str, Any]) -> None:
    assert ns["new_bot"].unwrap().response_url == "https://example.com/webhook"
    assert ns["app"].unwrap().id == "app_id"
    assert ns["tool"].unwrap().id == "tool_id"


@check("Types")
def _types(ns: dict[str, Any]) -> None:
    assert ns["AppInterface"] is ns["client"].apps.resource.entity
    assert ns["OAuthTokenResponse"].__name__ == "OAuthTokenResponse"


@check("Legacy Support")
def _legacy(ns: dict[str, Any]) -> None:
    client = ns["client"]
    assert ns["orgs"] is client.organizations
    assert ns["users_legacy"] is client.users
    assert ns["agents_legacy"] is client.agents
    assert ns["agent_groups_legacy"] is client.agent_groups


SUCCESSFUL = [name for name in sections() if name != "Error Handling"]


@pytest.mark.parametrize("name", SUCCESSFUL)
def test_seed_example_runs_and_every_call_succeeds(
    name: str, server: SimulatorServer, recording: Recording
) -> None:
    namespace = run_block(name, server, recording)
    failed = [seen for seen in recording.seen if not 200 <= seen[2] < 300]
    assert failed == []
    assert {k: r for k, r in results(namespace).items() if not isinstance(r, Success)} == {}
    if name in CHECKS:
        CHECKS[name](namespace)


def test_every_checked_section_is_in_the_readme() -> None:
    assert set(CHECKS) <= set(SUCCESSFUL)
    assert len(SUCCESSFUL) == 16


def test_tools_example_talks_to_the_configured_user_scope(
    server: SimulatorServer, recording: Recording
) -> None:
    run_block("Tools API", server, recording)
    paths = {url.split("/v1", 1)[1].split("?")[0] for _, url, _ in recording.seen}
    assert paths == {"/user/user_id/tool", "/user/user_id/tool/tool_id"}


def test_error_handling_example_reports_the_sdk_error(
    server: SimulatorServer, recording: Recording
) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        run_block("Error Handling", server, recording)
    assert printed.getvalue() == "SDK Error: app 'invalid_id' not found (Code: APP_NOT_FOUND)\n"
    assert [status for *_, status in recording.seen] == [404]

"""A short tour of mosaia against the bundled simulator on 127.0.0.1: no network, no account.

Run it with ``make demo`` (or ``python examples/demo.py``). Every call below goes through the
real urllib3 executor to a real HTTP server on loopback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from oauth_pkce import run_flow  # examples/ is on sys.path when this script runs
from returns.result import Failure, Success

from mosaia import Mosaia, files, relay
from mosaia.api import agents
from mosaia.testing import SimulatorServer
from mosaia.types import Agent


def title(text: str) -> None:
    print(f"\n== {text} ==")


def tour_agents(client: Mosaia) -> Agent:
    title("Calls are values: build one, look at it, run it")
    call = agents.create(
        {"name": "Support Assistant", "short_description": "Answers product questions"}
    )
    print(f"built:  {call.request.method} {call.request.path} -> {call.type}")
    created = client.run(call).unwrap()
    print(f"ran:    created agent {created.id} named {created.name!r}")
    client.agents.create(name="Sales Assistant", short_description="Qualifies leads")
    client.agents.create(name="Research Assistant", short_description="Reads papers")

    title("List with filters and paging")
    match client.agents.get_all({"limit": 2, "offset": 0}):
        case Success(page):
            total = page.paging.total if page.paging else "?"
            print(f"page of {len(page.items)} of {total}: {[a.name for a in page.items]}")
        case Failure(error):
            print(f"listing failed: {error.message}")
    found = client.agents.get_all({"search": "research"}).unwrap()
    print(f"search 'research': {[a.name for a in found.items]}")

    title("Chat with an agent")
    reply = client.agents.chat_completion(
        {"model": created.id, "messages": [{"role": "user", "content": "How do I reset it?"}]}
    )
    match reply:
        case Success(completion):
            print(f"assistant: {completion.content}")
            if completion.usage:
                print(f"usage: {completion.usage.total_tokens} tokens")
        case Failure(error):
            print(f"chat failed: {error.message}")

    title("Failures are values, not exceptions")
    match client.agents.get_by_id("no-such-agent"):
        case Success(agent):
            print(f"unexpected: {agent}")
        case Failure(error):
            print(f"{type(error).__name__}: {error.message} (code {error.code})")
    match client.agents.get_by_id(""):
        case Failure(error):
            print(f"{type(error).__name__}: {error.message} (nothing was sent)")
        case Success(_):
            print("unexpected success")
    return created


def tour_many(client: Mosaia, agent: Agent) -> None:
    title("Stream a reply as it is written")
    with client.agents.chat_completion_stream(
        {"messages": [{"role": "user", "content": "stream please"}]}, id=agent
    ) as chunks:
        pieces = []
        for chunk in chunks:
            match chunk:
                case Success(value) if value.choices and value.choices[0].delta:
                    pieces.append(value.choices[0].delta.content or "")
                case Failure(error):
                    print(f"stream failed: {error.message}")
    print(f"{len(pieces)} chunks: {''.join(pieces)!r}")

    title("Walk every item lazily, one page in memory at a time")
    names = [r.unwrap().name for r in client.agents.iterate({"limit": 2})]
    print(f"walked {len(names)} agents at 2 a page: {names}")

    title("A batch of prepared calls: in order, bounded concurrency, one failure among them")
    calls = [agents.get_by_id(agent)] * 9 + [agents.get_by_id("missing")]
    results = client.run_many(calls, concurrency=4)
    kinds = [type(r.failure()).__name__ if isinstance(r, Failure) else "ok" for r in results]
    print(f"{len(results)} results: {kinds}")


def tour_platform(client: Mosaia, server: SimulatorServer, agent: Agent) -> None:
    title("Today's platform: nested collections, files, search, and changes as they happen")
    with client.watch(relay.activity()) as events:
        feed = iter(events)
        next(feed)  # START: the relay is listening
        drive = client.drives.create(name="handbook").unwrap()
        folder = client.drive_items.under(drive=drive).create(
            name="policies", path="/policies", item_type="FOLDER"
        )
        print(f"a drive and a folder in it: {folder.map(lambda item: item.path)}")
        task = client.tasks.under(agent=agent).create(
            name="summarise", content="# Summarise\nThe refund policy.", agent=agent
        )
        print(f"a task of the agent, at /agent/{{id}}/task: {task.map(lambda t: t.name)}")
        rows = [next(feed).map(lambda e: e.value) for _ in range(3)]
        seen = [r.map(lambda a: a and (a.resource, a.operation)) for r in rows]
        print(f"the activity feed saw: {[r.value_or('?') for r in seen]}")
    with tempfile.TemporaryDirectory() as folder_path:
        paper = Path(folder_path, "refunds.md")
        paper.write_text("Refunds take five working days.\n")
        uploaded = files.upload(client, drive, [paper])
        print(
            f"uploaded through presigned storage: {[r.map(lambda j: j.status) for r in uploaded]}"
        )
    found = client.search.query("Support", search_types=["agent"]).unwrap()
    print(f"search finds: {[a.name for a in found.agents or []]}")


def main() -> None:
    with SimulatorServer() as server:
        print(f"Mosaia simulator serving {server.url}/v1 (loopback only)")
        client = Mosaia(server.config())
        agent = tour_agents(client)
        tour_many(client, agent)
        tour_platform(client, server, agent)
        title("Sign a user in with OAuth 2.0 + PKCE (the browser played by the demo)")
        if not run_flow(server):
            raise SystemExit("the OAuth flow did not behave as expected")
    print("\nDone: the simulator is stopped.")


if __name__ == "__main__":
    main()

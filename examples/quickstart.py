"""Quick start: a client, a few calls, and matching on their results.

Run it with ``python examples/quickstart.py``. It serves the bundled simulator on 127.0.0.1 and
points the client at it, so it needs no account and no network. Against the real API, the only
line that changes is the one that makes the config: ``MosaiaConfig.from_env()`` reads
``MOSAIA_API_KEY`` (and the other ``MOSAIA_*`` variables).
"""

from __future__ import annotations

from returns.result import Failure, Success

from mosaia import Mosaia
from mosaia.api import agents
from mosaia.errors import NotFoundError
from mosaia.testing import SimulatorServer


def quickstart(client: Mosaia) -> None:
    """The first calls a new user makes; every one returns a ``Result``, none raises."""
    # 1. Create an agent: the answer is Success(Agent) or Failure(<an error value>).
    created = client.agents.create(
        name="Support Assistant", short_description="Answers product questions"
    )
    match created:
        case Success(agent):
            print(f"created agent {agent.id}: {agent.name}")
        case Failure(error):
            print(f"could not create the agent: {error.message}")
            raise SystemExit(1)

    # 2. List agents: a Page holds the items and the server's paging numbers.
    page = client.agents.get_all({"limit": 10}).unwrap()
    total = page.paging.total if page.paging else len(page)
    print(f"{total} agent(s): {[a.name for a in page.items]}")

    # 3. Chat with it. `.map` works on the value inside a Success and leaves a Failure alone.
    reply = client.agents.chat_completion(
        model=agent.id, messages=[{"role": "user", "content": "How do I reset my password?"}]
    ).map(lambda completion: completion.content)
    print(f"reply: {reply.value_or('(no reply)')}")

    # 4. A failure is a value you can match on by kind.
    match client.agents.get_by_id("no-such-agent"):
        case Success(found):
            print(f"unexpected: {found}")
        case Failure(NotFoundError() as missing):
            print(f"not found, as expected: {missing.message} (status {missing.status})")
        case Failure(other):
            print(f"some other failure: {other}")

    # 5. Calls are values: build one without sending it, look at it, run it later.
    call = agents.get_by_id(agent)
    print(f"a call is a value: {call.request.method} {call.request.path}")
    print(f"as curl: {client.to_curl(call)}")
    same = client.run(call).map(lambda a: a.name)
    print(f"ran it: {same.value_or('?')}")


def main() -> None:
    with SimulatorServer() as server:
        # server.config() is MosaiaConfig(api_key=<the simulator's key>, base_url=server.url).
        client = Mosaia(server.config())
        print(f"simulator at {server.url}/v1")
        quickstart(client)
    print("quickstart finished")


if __name__ == "__main__":
    main()

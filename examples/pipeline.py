"""Typed pipelines across several calls with ``returns``: ``flow``, ``bind`` and ``map_``.

Run it with ``python examples/pipeline.py`` (it serves the simulator on 127.0.0.1).

Every client method returns ``Result[T, MosaiaError]``, so calls chain: ``bind`` feeds a success
into the next call and carries the first failure through untouched, ``map_`` transforms a success
without another call, and ``flow`` reads the steps top to bottom. The result of the whole chain is
again a ``Result``, precisely typed (``mypy examples/pipeline.py`` passes with the returns plugin):
no ``try``, no ``None`` checks, no ``isinstance`` between the steps.
"""

from __future__ import annotations

from collections.abc import Callable

from returns.iterables import Fold
from returns.pipeline import flow
from returns.pointfree import bind, map_
from returns.result import Failure, Result, Success

from mosaia import Mosaia
from mosaia.api import agents
from mosaia.errors import MosaiaError, NotFoundError
from mosaia.testing import Simulator, SimulatorServer
from mosaia.types import Agent, ChatCompletion, Model, Page


def only_item(what: str) -> Callable[[Page[Model]], Result[Model, MosaiaError]]:
    """A step that turns a page into its first item, or a ``NotFoundError`` naming ``what``."""

    def first(page: Page[Model]) -> Result[Model, MosaiaError]:
        if page.items:
            return Success(page.items[0])
        return Failure(NotFoundError(status=404, message=f"no {what}"))

    return first


def agent_on(client: Mosaia, name: str) -> Callable[[Model], Result[Agent, MosaiaError]]:
    """A step that creates an agent named ``name`` running on the model it is given."""

    def create(model: Model) -> Result[Agent, MosaiaError]:
        return client.agents.create(
            name=name, short_description=f"runs on {model.name}", model=model
        )

    return create


def ask(client: Mosaia, question: str) -> Callable[[Agent], Result[ChatCompletion, MosaiaError]]:
    """A step that asks the agent it is given ``question``."""

    def chat(agent: Agent) -> Result[ChatCompletion, MosaiaError]:
        return client.agents.chat_completion(
            id=agent, messages=[{"role": "user", "content": question}]
        )

    return chat


def onboard(
    client: Mosaia, model_name: str, agent_name: str, question: str
) -> Result[str, MosaiaError]:
    """Find a model by name, create an agent on it, ask it a question: its answer's text, or the
    first thing that went wrong. Three calls' worth of outcomes, one ``Result``. (Lambdas work
    too, but mypy cannot see their argument types through ``bind``: named steps keep the
    whole chain checked.)"""
    return flow(
        client.models.get_all({"search": model_name, "limit": 1}),
        bind(only_item(f"model matching {model_name!r}")),
        bind(agent_on(client, agent_name)),
        bind(ask(client, question)),
        map_(text_of),
    )


def text_of(completion: ChatCompletion) -> str:
    """The reply's text (empty when the completion has none)."""
    return completion.content or ""


def names_of_all(client: Mosaia, ids: list[str]) -> Result[tuple[str, ...], MosaiaError]:
    """Fetch many agents in one batch and collect their names: all of them, or the first
    failure (``Fold.collect`` turns a list of Results into a Result of a tuple)."""
    results = client.run_many([agents.get_by_id(agent_id) for agent_id in ids])
    names = [result.map(lambda agent: agent.name or "") for result in results]
    return Fold.collect(names, Success(()))


def main() -> None:
    with SimulatorServer(Simulator.with_fixtures()) as server:
        client = Mosaia(server.config())

        print("pipeline: model -> new agent -> chat")
        match onboard(client, "gpt", "Onboarding Guide", "What should I read first?"):
            case Success(answer):
                print(f"  answer: {answer}")
            case Failure(error):
                print(f"  failed: {error.message}")
                raise SystemExit(1)

        print("the same pipeline with a model that does not exist stops at the first step")
        match onboard(client, "no-such-model", "Never Created", "Hello?"):
            case Success(answer):
                print(f"  unexpected answer: {answer}")
                raise SystemExit(1)
            case Failure(error):
                print(f"  failed as expected: {type(error).__name__}: {error.message}")
        created = client.agents.get_all({"search": "Never Created"}).map(len).value_or(-1)
        print(f"  agents named 'Never Created': {created} (the later steps never ran)")

        page = client.agents.get_all().unwrap()
        ids = [agent.id for agent in page.items if agent.id]
        print(f"batch: names of {len(ids)} agents: {names_of_all(client, ids).value_or(())}")
        print("batch with one bad id: ", end="")
        print(names_of_all(client, [*ids, "missing"]).alt(lambda e: e.message).failure())
    print("pipeline finished")


if __name__ == "__main__":
    main()

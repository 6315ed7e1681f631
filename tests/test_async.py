"""asyncio faces: the same Results as the blocking calls, over the served simulator."""

from __future__ import annotations

import asyncio
import time
from typing import assert_type

from returns.result import Failure, Result, Success

from mosaia import Mosaia
from mosaia.aio import AsyncStream
from mosaia.api import agents
from mosaia.errors import MosaiaError, NotFoundError, TransportError
from mosaia.testing import Faults, Simulator
from mosaia.types import Agent, ChatCompletion, ChatCompletionChunk

ASK = [{"role": "user", "content": "hi"}]


def make_agents(sim: Simulator, count: int) -> list[str]:
    return [
        str(sim.insert("/agent", {"name": f"a{i}", "short_description": "x"})["id"])
        for i in range(count)
    ]


def test_arun_returns_what_run_returns(client: Mosaia, sim: Simulator) -> None:
    (agent,) = make_agents(sim, 1)

    async def main() -> Result[Agent, MosaiaError]:
        return await client.arun(agents.get_by_id(agent))

    result = asyncio.run(main())
    assert_type(result, Result[Agent, MosaiaError])
    assert result == client.run(agents.get_by_id(agent))


def test_arun_fails_like_run(client: Mosaia) -> None:
    result = asyncio.run(client.arun(agents.get_by_id("missing")))
    assert isinstance(result.failure(), NotFoundError)


def test_arun_many_keeps_order_and_isolates_a_failure(client: Mosaia, sim: Simulator) -> None:
    ids = make_agents(sim, 20)
    ids.insert(5, "missing")
    results = asyncio.run(client.arun_many([agents.get_by_id(i) for i in ids], concurrency=4))
    assert [isinstance(r, Failure) for r in results].count(True) == 1
    assert isinstance(results[5], Failure)
    assert [r.unwrap().id for r in results if isinstance(r, Success)] == ids[:5] + ids[6:]


def test_arun_many_runs_concurrently(client: Mosaia, sim: Simulator) -> None:
    ids = make_agents(sim, 16)
    sim.faults = Faults(latency=0.05)
    started = time.monotonic()
    results = asyncio.run(client.arun_many([agents.get_by_id(i) for i in ids], concurrency=8))
    assert all(isinstance(r, Success) for r in results)
    assert time.monotonic() - started < 16 * sim.faults.latency / 2


def test_the_event_loop_keeps_running_during_a_call(client: Mosaia, sim: Simulator) -> None:
    (agent,) = make_agents(sim, 1)
    sim.faults = Faults(latency=0.2)
    ticks: list[int] = []
    # When each tick ran and when the call came back: a call that blocked the loop would come
    # back before the first tick, since gather starts it first.
    ticked_at: list[float] = []
    answered_at: list[float] = []

    async def call() -> None:
        await client.arun(agents.get_by_id(agent))
        answered_at.append(time.monotonic())

    async def tick() -> None:
        for i in range(3):
            ticks.append(i)
            ticked_at.append(time.monotonic())
            await asyncio.sleep(0.01)

    async def main() -> None:
        await asyncio.gather(call(), tick())

    asyncio.run(main())
    assert ticks == [0, 1, 2]
    assert max(ticked_at) < answered_at[0]  # three 10 ms ticks inside a 200 ms call


def test_an_async_stream_reassembles_the_reply(client: Mosaia, sim: Simulator) -> None:
    (agent,) = make_agents(sim, 1)

    async def main() -> list[Result[ChatCompletionChunk, MosaiaError]]:
        stream = client.agents.achat_completion_stream({"model": agent, "messages": ASK})
        assert_type(stream, AsyncStream[ChatCompletionChunk])
        async with stream as chunks:
            return [result async for result in chunks]

    results = asyncio.run(main())
    text = "".join(
        c.delta.content or "" for r in results for c in r.unwrap().choices if c.delta is not None
    )
    assert text == "a0 heard: hi"


def test_an_async_stream_folds_and_fails_like_the_blocking_one(
    client: Mosaia, sim: Simulator
) -> None:
    (agent,) = make_agents(sim, 1)
    body = {"model": agent, "messages": ASK}

    async def fold() -> Result[ChatCompletion, MosaiaError]:
        async with client.agents.achat_completion_stream(body) as chunks:
            return await chunks.completion()

    assert asyncio.run(fold()).map(lambda c: c.content) == Success("a0 heard: hi")
    sim.faults = Faults(cut_streams_after=1)
    cut = asyncio.run(fold())
    assert isinstance(cut.failure(), TransportError)

"""Streamed chat completions, end to end: urllib3 -> the served simulator on 127.0.0.1."""

from __future__ import annotations

import asyncio
import queue
import time
import tracemalloc
from contextlib import AbstractContextManager
from typing import Any, assert_type

import msgspec
import pytest
from faultserver import FaultServer, endless_events, fault_server
from returns.result import Failure, Result, Success
from wire import sent_bytes

from mosaia import Mosaia, MosaiaConfig
from mosaia.api import agents
from mosaia.errors import (
    ApiError,
    DecodeError,
    InvalidRequest,
    MosaiaError,
    NotFoundError,
    TransportError,
)
from mosaia.executors._pool import Urllib3Executor
from mosaia.http import HttpRequest, HttpResponse
from mosaia.request import Call
from mosaia.stream import Stream
from mosaia.testing import FakeExecutor, Faults, Simulator, SimulatorServer
from mosaia.types import ChatCompletionChunk

ASK = [{"role": "user", "content": "tell me a story"}]


def make_agent(sim: Simulator, name: str = "Ada") -> str:
    return str(sim.insert("/agent", {"name": name, "short_description": "tells stories"})["id"])


def text_of(results: list[Result[ChatCompletionChunk, MosaiaError]]) -> str:
    return "".join(
        choice.delta.content or ""
        for result in results
        for choice in result.unwrap().choices
        if choice.delta is not None
    )


def test_a_streamed_reply_reassembles_into_the_whole_answer(client: Mosaia, sim: Simulator) -> None:
    agent = make_agent(sim)
    whole = client.agents.chat_completion({"model": agent, "messages": ASK}).unwrap()
    with client.agents.chat_completion_stream({"model": agent, "messages": ASK}) as chunks:
        assert chunks.status == 200
        results = list(chunks)
    assert len(results) > 2
    assert all(isinstance(r, Success) for r in results)
    assert text_of(results) == whole.content == "Ada heard: tell me a story"


def test_chat_completion_with_stream_true_returns_the_folded_completion(
    client: Mosaia, sim: Simulator
) -> None:
    agent = make_agent(sim)
    folded = client.agents.chat_completion({"model": agent, "messages": ASK, "stream": True})
    completion = folded.unwrap()
    assert completion.content == "Ada heard: tell me a story"
    assert completion.choices[0].finish_reason == "stop"
    assert sim.requests[-1].header("accept") == "text/event-stream"


def test_a_stream_cut_mid_way_ends_in_a_failure(client: Mosaia, sim: Simulator) -> None:
    agent = make_agent(sim)
    sim.faults = Faults(cut_streams_after=2)
    with client.agents.chat_completion_stream({"model": agent, "messages": ASK}) as chunks:
        results = list(chunks)
    assert [isinstance(r, Success) for r in results] == [True, True, False]
    error = results[-1].failure()
    assert isinstance(error, TransportError)
    assert error.code == "connection_broken"


def test_a_cut_stream_folds_to_its_failure_not_to_half_an_answer(
    client: Mosaia, sim: Simulator
) -> None:
    agent = make_agent(sim)
    sim.faults = Faults(cut_streams_after=3)
    folded = client.agents.chat_completion({"model": agent, "messages": ASK, "stream": True})
    assert isinstance(folded, Failure)


def test_the_pool_serves_requests_after_a_cut_stream(client: Mosaia, sim: Simulator) -> None:
    agent = make_agent(sim)
    sim.faults = Faults(cut_streams_after=1)
    client.agents.chat_completion({"model": agent, "messages": ASK, "stream": True})
    assert client.agents.get_by_id(agent).unwrap().name == "Ada"


def one_connection(server: SimulatorServer) -> tuple[Mosaia, queue.Queue[Any]]:
    """A client whose pool holds a single connection, and that pool's queue of free slots."""
    executor = Urllib3Executor(maxsize=1)
    slots = executor.pool.connection_from_url(server.url).pool
    assert slots is not None
    return Mosaia(server.config(), executor), slots


def test_leaving_the_block_early_releases_the_connection_to_the_pool(
    server: SimulatorServer, sim: Simulator
) -> None:
    agent = make_agent(sim)
    client, slots = one_connection(server)
    with client.agents.chat_completion_stream({"model": agent, "messages": ASK}) as chunks:
        first = next(iter(chunks))
        assert isinstance(first, Success)
        assert slots.qsize() == 0  # the stream holds the only connection
    assert slots.qsize() == 1
    assert client.agents.get_by_id(agent).unwrap().id == agent


def test_a_stream_read_to_the_end_releases_its_connection(
    server: SimulatorServer, sim: Simulator
) -> None:
    agent = make_agent(sim)
    client, slots = one_connection(server)
    for result in client.agents.chat_completion_stream({"model": agent, "messages": ASK}):
        assert isinstance(result, Success)
    assert slots.qsize() == 1


def test_a_stream_read_to_done_keeps_its_connection_open_for_the_next_request(
    server: SimulatorServer, sim: Simulator
) -> None:
    # The stream stops reading at `data: [DONE]`; only the body's closing chunk is left, and
    # finding it on close spares the next request a new connection (a new TLS handshake).
    agent = make_agent(sim)
    client, slots = one_connection(server)
    with client.agents.chat_completion_stream({"model": agent, "messages": ASK}) as chunks:
        assert all(isinstance(result, Success) for result in chunks)
    [connection] = list(slots.queue)
    assert connection is not None
    assert connection.sock is not None
    assert client.agents.get_by_id(agent).unwrap().id == agent


def test_an_unknown_agent_streams_one_not_found_failure(client: Mosaia) -> None:
    with client.agents.chat_completion_stream({"model": "nobody", "messages": ASK}) as chunks:
        results = list(chunks)
    assert len(results) == 1
    assert isinstance(results[0].failure(), NotFoundError)


def test_per_entity_streams_use_the_entity_path(local: Mosaia, sim: Simulator) -> None:
    agent = make_agent(sim, "Bo")
    with local.agents.chat_completion_stream({"messages": ASK}, id=agent) as chunks:
        assert text_of(list(chunks)) == "Bo heard: tell me a story"
    assert sim.requests[-1].url.endswith(f"/agent/{agent}/chat/completions")


def test_the_in_process_simulator_streams_and_cuts(local: Mosaia, sim: Simulator) -> None:
    agent = make_agent(sim)
    sim.faults = Faults(cut_streams_after=1)
    with local.agents.chat_completion_stream({"model": agent, "messages": ASK}) as chunks:
        results = list(chunks)
    assert [isinstance(r, Success) for r in results] == [True, False]


def test_models_stream_too(client: Mosaia, sim: Simulator) -> None:
    model = sim.insert(
        "/model", {"name": "m", "short_description": "s", "provider": "p", "model_id": "p-1"}
    )
    folded = client.models.chat_completion({"model": model["id"], "messages": ASK, "stream": True})
    assert folded.unwrap().content == "m heard: tell me a story"


def test_the_stream_builder_asks_for_events_and_stays_pure() -> None:
    call = agents.chat.chat_completion_stream({"model": "a1", "messages": ASK})
    assert_type(call, Call[ChatCompletionChunk])
    assert msgspec.json.decode(sent_bytes(call.request.body))["stream"] is True
    assert ("Accept", "text/event-stream") in call.request.headers
    assert call == agents.chat.chat_completion_stream({"model": "a1", "messages": ASK})


def test_group_streams_are_typed(local: Mosaia) -> None:
    assert_type(local.agents.chat_completion_stream({}), Stream[ChatCompletionChunk])
    call = agents.chat.chat_completion_stream({})
    assert_type(local.stream(call), Stream[ChatCompletionChunk])


class _SendOnly:
    def send(self, request: HttpRequest) -> Result[HttpResponse, Any]:
        raise AssertionError("a stream must not fall back to send")


def test_an_executor_that_cannot_stream_is_a_caller_mistake() -> None:
    client = Mosaia(MosaiaConfig(api_key="k"), _SendOnly())
    with client.agents.chat_completion_stream({"model": "a", "messages": ASK}) as chunks:
        results = list(chunks)
    assert len(results) == 1
    error = results[0].failure()
    assert isinstance(error, InvalidRequest)
    assert "cannot stream" in error.message


def _events(*datas: bytes) -> HttpResponse:
    body = b"".join(b"data: " + d + b"\n\n" for d in datas)
    return HttpResponse(200, (("Content-Type", "text/event-stream"),), body)


CHUNK = b'{"choices": [{"index": 0, "delta": {"content": "hi"}}]}'


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (_events(CHUNK, b'{"error": {"message": "overloaded", "code": "BUSY"}}'), ApiError),
        (HttpResponse(200, (("Content-Type", "application/json"),), b"{}"), DecodeError),
    ],
    ids=["error-object-in-stream", "json-instead-of-events"],
)
def test_a_stream_that_goes_wrong_ends_in_a_typed_failure(
    answer: HttpResponse, kind: type[MosaiaError]
) -> None:
    fake = FakeExecutor().add("POST", "/agent/chat/completions", answer)
    client = Mosaia(MosaiaConfig(api_key="k"), fake)
    with client.agents.chat_completion_stream({"model": "a", "messages": ASK}) as chunks:
        results = list(chunks)
    assert all(isinstance(r, Success) for r in results[:-1])
    assert isinstance(results[-1].failure(), kind)


def test_an_executor_whose_open_raises_gives_a_failure_not_an_exception() -> None:
    from mosaia import Mosaia
    from mosaia.api import agents
    from mosaia.errors import TransportError
    from mosaia.testing import Simulator

    class Exploding(Simulator):
        def open(self, request: Any) -> Any:
            raise RuntimeError("boom")

    sim = Exploding()
    client = Mosaia(sim.config(), sim)
    with client.stream(agents.chat.chat_completion_stream({"messages": []}, id="a")) as chunks:
        results = list(chunks)
    assert len(results) == 1
    error = results[0].failure()
    assert isinstance(error, TransportError)
    assert error.code == "executor"


# --- a stream that never ends ------------------------------------------------------------------

ENDLESS_CHUNK = b'data: {"choices": [{"index": 0, "delta": {"content": "and again "}}]}\n\n'
CAP = 64 * 1024


def _endless_client() -> AbstractContextManager[FaultServer]:
    return fault_server(default=endless_events(ENDLESS_CHUNK))


def test_a_stream_that_never_ends_folds_to_a_failure_promptly_within_the_cap() -> None:
    with _endless_client() as server:
        client = Mosaia(server.config(max_response_bytes=CAP))
        tracemalloc.start()
        started = time.monotonic()
        try:
            with client.agents.chat_completion_stream({"model": "a", "messages": ASK}) as chunks:
                folded = chunks.completion()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert time.monotonic() - started < 10
    error = folded.failure()
    assert isinstance(error, TransportError)
    assert error.code == "response_too_large"
    assert peak < 40 * CAP  # what was read is bounded by the cap, not by how long it ran


def test_a_stream_that_never_ends_read_chunk_by_chunk_ends_in_the_same_failure() -> None:
    with _endless_client() as server:
        client = Mosaia(server.config(max_response_bytes=CAP))
        with client.agents.chat_completion_stream({"model": "a", "messages": ASK}) as chunks:
            results = list(chunks)
    assert all(isinstance(r, Success) for r in results[:-1])
    assert len(results) * len(ENDLESS_CHUNK) <= CAP + 16 * len(ENDLESS_CHUNK)
    assert results[-1].failure().code == "response_too_large"


def test_a_completion_asked_to_stream_that_never_ends_is_refused_at_the_cap() -> None:
    with _endless_client() as server:
        client = Mosaia(server.config(max_response_bytes=CAP))
        whole = client.agents.chat_completion({"model": "a", "messages": ASK, "stream": True})
        assert whole.failure().code == "response_too_large"

        async def fold() -> Result[Any, MosaiaError]:
            async with client.astream(agents.chat_completion_stream({"model": "a"})) as chunks:
                return await chunks.completion()

        assert asyncio.run(fold()).failure().code == "response_too_large"


# --- only a call built to stream streams, and a streamed call is not run whole ------------------


def test_streaming_a_call_that_is_not_a_stream_is_a_caller_mistake(
    local: Mosaia, sim: Simulator
) -> None:
    with local.stream(agents.get_by_id("a1")) as results:
        [only] = list(results)
    assert isinstance(only.failure(), InvalidRequest)
    assert sim.requests == []


def test_running_a_streamed_call_whole_is_a_caller_mistake(local: Mosaia, sim: Simulator) -> None:
    result = local.run(agents.chat_completion_stream({"model": "a", "messages": ASK}))
    assert "client.stream" in result.failure().message
    assert isinstance(result.failure(), InvalidRequest)
    assert sim.requests == []

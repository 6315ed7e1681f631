"""OpenAI's own Python client pointed at the platform's chat endpoints, as people do
(``base_url=f"{url}/v1/agent"``, ``model=<agent id>``): the served simulator answers it as the
platform's OpenAI-compatible endpoints do, a whole completion bare and a stream as chunks."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from mosaia.testing import IDS, Simulator, SimulatorServer


@pytest.fixture
def served() -> Iterator[SimulatorServer]:
    with SimulatorServer(Simulator.with_fixtures()) as running:
        yield running


def _client(server: SimulatorServer, kind: str) -> openai.OpenAI:
    return openai.OpenAI(
        api_key=server.simulator.api_key, base_url=f"{server.url}/v1/{kind}", max_retries=0
    )


@pytest.mark.parametrize(
    ("kind", "target", "name"),
    [
        ("agent", IDS.support_agent, "Support Assistant"),
        ("model", IDS.gpt_model, "GPT-4o"),
    ],
)
def test_a_whole_completion_reaches_openais_client_with_the_assistant_text(
    served: SimulatorServer, kind: str, target: str, name: str
) -> None:
    answer = _client(served, kind).chat.completions.create(
        model=target, messages=[{"role": "user", "content": "where is my order?"}]
    )
    assert answer.object == "chat.completion"
    assert answer.choices[0].message.role == "assistant"
    assert answer.choices[0].message.content == f"{name} heard: where is my order?"
    assert answer.usage is not None
    assert answer.usage.completion_tokens > 0


def test_a_streamed_completion_reaches_openais_client_as_chunks(served: SimulatorServer) -> None:
    chunks = list(
        _client(served, "agent").chat.completions.create(
            model=IDS.support_agent,
            messages=[{"role": "user", "content": "hello there"}],
            stream=True,
        )
    )
    assert len(chunks) > 2
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert text == "Support Assistant heard: hello there"
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_an_unknown_agent_is_openais_not_found_error(served: SimulatorServer) -> None:
    with pytest.raises(openai.NotFoundError):
        _client(served, "agent").chat.completions.create(
            model="0" * 24, messages=[{"role": "user", "content": "hi"}]
        )

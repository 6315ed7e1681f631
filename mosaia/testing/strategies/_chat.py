"""Strategies for the chat shapes: messages, request bodies, whole answers and stream chunks."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._structs import SPECIAL, strategy_for, structs
from mosaia.types import (
    ChatChoice,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatMessage,
    ChunkChoice,
    ChunkDelta,
    Usage,
)


def chat_messages() -> st.SearchStrategy[ChatMessage]:
    """:class:`~mosaia._types.ChatMessage` values with a role and text content."""
    return structs(ChatMessage, required=("role", "content"))


def chat_completion_requests(
    model: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[ChatCompletionRequest]:
    """Valid chat completion bodies: one to four messages, optional settings; ``model`` draws
    the target (by default any id). Never ``stream`` or ``type``: the streaming and async
    builders set those themselves."""
    return st.builds(
        ChatCompletionRequest,
        messages=st.lists(chat_messages(), min_size=1, max_size=4),
        model=model if model is not None else v.ids(),
        max_tokens=st.one_of(st.none(), st.integers(1, 4096)),
        temperature=st.one_of(st.none(), st.floats(0.0, 2.0)),
        logging=st.one_of(st.none(), st.booleans()),
    )


def usages() -> st.SearchStrategy[Usage]:
    """:class:`~mosaia._types.Usage` values with consistent token counts."""
    counts = st.integers(0, 100_000)
    return st.builds(
        lambda p, c: Usage(prompt_tokens=p, completion_tokens=c, total_tokens=p + c),
        counts,
        counts,
    )


def chat_choices() -> st.SearchStrategy[ChatChoice]:
    """:class:`~mosaia._types.ChatChoice` values (one alternative of a whole answer)."""
    return structs(ChatChoice, overrides={"message": chat_messages()})


def chat_completions() -> st.SearchStrategy[ChatCompletion]:
    """:class:`~mosaia._types.ChatCompletion` values (whole answers)."""
    return strategy_for(ChatCompletion)


def chat_completion_chunks() -> st.SearchStrategy[ChatCompletionChunk]:
    """:class:`~mosaia._types.ChatCompletionChunk` values (one streamed event each)."""
    return strategy_for(ChatCompletionChunk)


SPECIAL[Usage] = usages
SPECIAL[ChatCompletion] = lambda: structs(
    ChatCompletion,
    overrides={"object": st.just("chat.completion"), "choices": st.lists(chat_choices())},
)
SPECIAL[ChatCompletionChunk] = lambda: structs(
    ChatCompletionChunk,
    overrides={
        "object": st.just("chat.completion.chunk"),
        "choices": st.lists(strategy_for(ChunkChoice), max_size=2),
    },
)

#: Every chat type with its strategy, for ``register``.
CHAT_STRATEGIES: dict[type[Any], Any] = {
    ChatMessage: chat_messages,
    ChatCompletionRequest: chat_completion_requests,
    Usage: usages,
    ChatChoice: chat_choices,
    ChatCompletion: chat_completions,
    ChunkDelta: lambda: strategy_for(ChunkDelta),
    ChunkChoice: lambda: strategy_for(ChunkChoice),
    ChatCompletionChunk: chat_completion_chunks,
}


def chunk_deltas() -> st.SearchStrategy[ChunkDelta]:
    """:class:`~mosaia._types.ChunkDelta` values (what one stream chunk adds to a message)."""
    return strategy_for(ChunkDelta)


def chunk_choices() -> st.SearchStrategy[ChunkChoice]:
    """:class:`~mosaia._types.ChunkChoice` values (one choice's increment in a chunk)."""
    return strategy_for(ChunkChoice)


CHAT_STRATEGIES.update({ChunkDelta: chunk_deltas, ChunkChoice: chunk_choices})

"""Chat completion request, response and stream chunk (OpenAI-compatible shapes), and
:func:`fold_chunks`, the one way a stream's chunks add up to the whole completion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import msgspec

Role = Literal["system", "user", "assistant", "tool"]


class ToolCallFunction(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The function a tool call names, its ``arguments`` as JSON text, and who must run it:
    ``frontend`` (the caller) or ``backend`` (the platform)."""

    name: str | None = None
    arguments: str | None = None
    execution_context: Literal["frontend", "backend"] | None = None


class ToolCall(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One tool call of an assistant message (``type`` is ``function``)."""

    id: str | None = None
    type: str | None = None
    function: ToolCallFunction | None = None


class ChatMessage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One message of a conversation. ``refusal`` is the model's refusal text and
    ``annotations`` its notes on the content (both new in April 2026)."""

    role: str | None = None
    content: str | None = None
    name: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None
    refusal: str | None = None
    annotations: list[str | dict[str, Any]] | None = None

    @property
    def parsed_tool_calls(self) -> list[ToolCall]:
        """``tool_calls`` as :class:`ToolCall` values (the calls that do not read as one are
        left out), so ``execution_context`` says which calls the caller must run."""
        parsed: list[ToolCall] = []
        for call in self.tool_calls or ():
            try:
                parsed.append(msgspec.convert(call, ToolCall))
            except msgspec.ValidationError:
                continue
        return parsed


class FrontendTool(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A tool the caller offers the model and runs itself: its name and JSON Schema. Calls of
    it come back with ``execution_context`` ``frontend``."""

    name: str | None = None
    tool_schema: dict[str, Any] | None = None


class ChatCompletionRequest(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The body of a chat completion. ``model`` is the agent, group or model id (optional on the
    per-entity paths); ``type="async"`` asks for an asynchronous completion (July 2025, no longer
    in the platform's type); ``frontend_tools`` are tools the caller runs itself."""

    messages: list[ChatMessage] = msgspec.field(default_factory=list)
    model: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    stream: bool | None = None
    logging: bool | None = None
    log_id: str | None = None
    type: str | None = None
    frontend_tools: list[FrontendTool] | None = None


class Usage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Token counts for one completion."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    prompt_tokens_details: dict[str, Any] | None = None
    completion_tokens_details: dict[str, Any] | None = None


class ChatChoice(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One alternative answer of a completion."""

    index: int | None = None
    message: ChatMessage | None = None
    finish_reason: str | None = None


class ChatCompletion(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A whole chat completion answer."""

    id: str | None = None
    object: str | None = None
    created: int | None = None
    model: str | None = None
    choices: list[ChatChoice] = msgspec.field(default_factory=list)
    usage: Usage | None = None
    service_tier: str | None = None
    system_fingerprint: str | None = None

    @property
    def content(self) -> str | None:
        """The first choice's message text: what most callers want from a completion."""
        if not self.choices or self.choices[0].message is None:
            return None
        return self.choices[0].message.content

    def frontend_tool_calls(self) -> list[ToolCall]:
        """The tool calls the caller must run itself (``execution_context`` ``frontend``: the
        tools it offered as ``frontend_tools``), across every choice, in order. The platform
        runs the ``backend`` ones; a caller answers each of these with a ``tool`` message
        naming its ``id`` as ``tool_call_id``."""
        return [
            call
            for choice in self.choices
            if choice.message is not None
            for call in choice.message.parsed_tool_calls
            if call.function is not None and call.function.execution_context == "frontend"
        ]

    @classmethod
    def piece_type(cls) -> type[ChatCompletionChunk]:
        """What each event of a streamed completion decodes into."""
        return ChatCompletionChunk

    @classmethod
    def fold(cls, pieces: Iterable[ChatCompletionChunk]) -> ChatCompletion:
        """The completion a stream of chunks adds up to (see :func:`fold_chunks`)."""
        return fold_chunks(pieces)


class ChunkDelta(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The part of a message a stream chunk adds."""

    role: str | None = None
    content: str | None = None
    tool_calls: list[dict[str, Any]] | None = None


class ChunkChoice(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One choice's increment in a stream chunk."""

    index: int | None = None
    delta: ChunkDelta | None = None
    finish_reason: str | None = None


class ChatCompletionChunk(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One Server-Sent Event of a streamed completion."""

    id: str | None = None
    object: str | None = None
    created: int | None = None
    model: str | None = None
    choices: list[ChunkChoice] = msgspec.field(default_factory=list)
    usage: Usage | None = None

    @property
    def content(self) -> str:
        """The text this chunk adds to the first choice (its delta's content), or ``""`` when it
        adds none (a role-only first chunk, a finish chunk, a usage-only last chunk): so
        ``"".join(chunk.content for chunk in stream)`` is the answer's text, as
        :attr:`ChatCompletion.content` is for a whole answer."""
        if not self.choices or self.choices[0].delta is None:
            return ""
        return self.choices[0].delta.content or ""


def fold_chunks(chunks: Iterable[ChatCompletionChunk]) -> ChatCompletion:
    """The whole :class:`ChatCompletion` a stream of chunks adds up to: each choice's message
    (role, content and tool calls joined in order), its last finish reason, the first
    id/model/created seen, and the usage if the stream sent one.

    The one fold of the SDK: a completion asked to stream and read whole, ``Stream.completion()``
    and its async twin all come here. Pure, and it reads ``chunks`` once without keeping them, so
    folding a stream holds only the text it has gathered."""
    head: dict[str, Any] = {}
    usage: Usage | None = None
    choices: dict[int, _ChoiceParts] = {}
    for chunk in chunks:
        for name in ("id", "created", "model"):
            value = getattr(chunk, name)
            if value is not None:
                head.setdefault(name, value)
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            index = choice.index or 0
            parts = choices.get(index)
            if parts is None:
                parts = choices[index] = _ChoiceParts()
            parts.add(choice.delta, choice.finish_reason)
    return ChatCompletion(
        object="chat.completion",
        choices=[choices[i].choice(i) for i in sorted(choices)],
        usage=usage,
        **head,
    )


class _ChoiceParts:
    # Accumulates one choice: strings are collected in lists and joined once at the end, so a
    # long answer folds in linear time.
    def __init__(self) -> None:
        self.role: str | None = None
        self.content: list[str] = []
        self.tool_calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: str | None = None

    def add(self, delta: ChunkDelta | None, finish_reason: str | None) -> None:
        if finish_reason is not None:
            self.finish_reason = finish_reason
        if delta is None:
            return
        if delta.role is not None and self.role is None:
            self.role = delta.role
        if delta.content:
            self.content.append(delta.content)
        for position, call in enumerate(delta.tool_calls or ()):
            index = call.get("index", position)
            # A stream that numbers its tool calls with anything but integers is taken in order.
            key = index if isinstance(index, int) and not isinstance(index, bool) else position
            _merge_tool_call(self.tool_calls.setdefault(key, {}), call)

    def choice(self, index: int) -> ChatChoice:
        calls = [self.tool_calls[i] for i in sorted(self.tool_calls)]
        message = ChatMessage(
            role=self.role or "assistant",
            content="".join(self.content) if self.content or not calls else None,
            tool_calls=calls or None,
        )
        return ChatChoice(index=index, message=message, finish_reason=self.finish_reason)


def _merge_tool_call(into: dict[str, Any], delta: dict[str, Any]) -> None:
    # OpenAI streams a tool call as fragments: the id, type and function name once, then the
    # JSON arguments a few characters at a time.
    for key, value in delta.items():
        if key == "index":
            continue
        if key == "function" and isinstance(value, dict):
            function = into.get("function")
            if not isinstance(function, dict):
                function = into["function"] = {}
            for fkey, fvalue in value.items():
                so_far = function.get("arguments")
                if fkey == "arguments" and isinstance(fvalue, str) and isinstance(so_far, str):
                    function["arguments"] = so_far + fvalue
                elif fvalue is not None:
                    function[fkey] = fvalue
        elif value is not None:
            into[key] = value

"""Chat completion request, response and stream chunk (OpenAI-compatible shapes)."""

from __future__ import annotations

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

"""Chat completions in the simulator: a deterministic echo, whole or as Server-Sent Events.

The answer depends only on the target and the messages, so tests can assert exact text. A whole
completion is answered bare, with no ``data`` envelope, as the platform's OpenAI-compatible
endpoints do: OpenAI's own clients (``base_url=f"{url}/v1/agent"``) read it as it comes, and
the SDK's decoder accepts it bare or wrapped."""

from __future__ import annotations

import math
from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._answers import error_answer, json_answer
from mosaia.testing._sim.routing import Params, Route, SimRequest, body_object
from mosaia.testing._sim.world import World

#: Chat targets: URL prefix -> (collection path, entity label).
TARGETS = {
    "agent": ("/agent", "agent"),
    "group": ("/group", "agent_group"),
    "model": ("/model", "model"),
}

#: The scopes an entity fetched through a scoped mount keeps in its chat path.
SCOPES = ("", "/org/{org}", "/user/{user}")


def reply_text(name: str, messages: list[Any]) -> str:
    """What the simulated target answers: it names itself and echoes the last user message."""
    last = next(
        (
            m.get("content")
            for m in reversed(messages)
            if isinstance(m, dict) and m.get("role") == "user"
        ),
        None,
    )
    return f"{name} heard: {last}" if last else f"{name} is listening."


def completion(sim: World, model: str, text: str, prompt_words: int) -> dict[str, Any]:
    """A whole chat completion document for ``text``."""
    completion_words = len(text.split())
    return {
        "id": f"chatcmpl-{sim.new_id()}",
        "object": "chat.completion",
        "created": math.floor(sim.clock()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {
            "prompt_tokens": prompt_words,
            "completion_tokens": completion_words,
            "total_tokens": prompt_words + completion_words,
        },
    }


def sse_body(sim: World, model: str, text: str) -> bytes:
    """``text`` as a stream of ``chat.completion.chunk`` events ended by ``data: [DONE]``."""
    ident = f"chatcmpl-{sim.new_id()}"
    created = math.floor(sim.clock())
    words = text.split(" ")
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    deltas += [{"content": w if i == 0 else " " + w} for i, w in enumerate(words)]
    events = []
    for i, delta in enumerate(deltas):
        finish = "stop" if i == len(deltas) - 1 else None
        chunk = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        events.append(b"data: " + msgspec.json.encode(chunk) + b"\n\n")
    events.append(b"data: [DONE]\n\n")
    return b"".join(events)


def answer(sim: World, request: SimRequest, kind: str, id: str | None) -> HttpResponse:
    """Answer a chat completion for target ``kind`` (by ``id`` in the path or ``model``)."""
    path, label = TARGETS[kind]
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return error_answer(
            400, code="VALIDATION_ERROR", message="messages must be a non-empty list"
        )
    target_id = id or body.get("model")
    if not isinstance(target_id, str) or not target_id:
        return error_answer(400, code="VALIDATION_ERROR", message="model is required")
    doc = find_target(sim, path, target_id)
    if doc is None:
        message = f"{label} {target_id!r} not found"
        return error_answer(404, code=f"{label.upper()}_NOT_FOUND", message=message)
    text = reply_text(str(doc.get("name") or target_id), messages)
    # A model reports the provider's model id (as OpenAI's `model` field does); others their id.
    model = str(doc.get("model_id") or doc.get("id")) if kind == "model" else str(doc.get("id"))
    if body.get("stream") is True:
        return HttpResponse(
            status=200,
            headers=(("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")),
            body=sse_body(sim, model, text),
        )
    prompt_words = sum(
        len(str(m.get("content") or "").split()) for m in messages if isinstance(m, dict)
    )
    return json_answer(200, completion(sim, model, text, prompt_words))


def find_target(sim: World, path: str, key: str) -> dict[str, Any] | None:
    """The target document by id (or, for models, by name or ``model_id``)."""
    docs = sim.collection(path).docs
    if key in docs:
        return docs[key]
    return (
        next((d for d in docs.values() if key in (d.get("name"), d.get("model_id"))), None)
        if path == "/model"
        else None
    )


class _Target:
    """The two chat routes of one target kind: by id in the path, or by ``model`` in the body."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def by_body(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return answer(sim, request, self.kind, None)

    def by_id(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return answer(sim, request, self.kind, params["id"])


def _routes(kind: str) -> tuple[Route, ...]:
    prefix, target = TARGETS[kind][0], _Target(kind)
    return (
        Route("POST", prefix + "/chat/completions", target.by_body),
        *(
            Route("POST", f"{scope}{prefix}/{{id}}/chat/completions", target.by_id)
            for scope in SCOPES
        ),
    )


#: The chat routes, for the simulator's route table.
ROUTES = tuple(route for kind in TARGETS for route in _routes(kind))

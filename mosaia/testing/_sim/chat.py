"""Chat completions in the simulator: a deterministic echo, whole or as Server-Sent Events.

The answer depends only on the target and the messages, so tests can assert exact text."""

from __future__ import annotations

import math
from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._sim.core import SimRequest, Simulator, error_response, json_response, route
from mosaia.testing._sim.resources import body_object

#: Chat targets: URL prefix -> (collection path, entity label, whether the answer is enveloped).
#: Models answer bare, as OpenAI-compatible endpoints do; agents and groups inside ``data``.
TARGETS = {
    "agent": ("/agent", "agent", True),
    "group": ("/group", "agent_group", True),
    "model": ("/model", "model", False),
}


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


def completion(sim: Simulator, model: str, text: str, prompt_words: int) -> dict[str, Any]:
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


def sse_body(sim: Simulator, model: str, text: str) -> bytes:
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


def answer(sim: Simulator, request: SimRequest, kind: str, id: str | None) -> HttpResponse:
    """Answer a chat completion for target ``kind`` (by ``id`` in the path or ``model``)."""
    path, label, enveloped = TARGETS[kind]
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return error_response(400, "VALIDATION_ERROR", "messages must be a non-empty list")
    target_id = id or body.get("model")
    if not isinstance(target_id, str) or not target_id:
        return error_response(400, "VALIDATION_ERROR", "model is required")
    doc = find_target(sim, path, target_id)
    if doc is None:
        return error_response(404, f"{label.upper()}_NOT_FOUND", f"{label} {target_id!r} not found")
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
    doc_out = completion(sim, model, text, prompt_words)
    return json_response(200, {"data": doc_out} if enveloped else doc_out)


def find_target(sim: Simulator, path: str, key: str) -> dict[str, Any] | None:
    """The target document by id (or, for models, by name or ``model_id``)."""
    docs = sim.collection(path).docs
    if key in docs:
        return docs[key]
    return (
        next((d for d in docs.values() if key in (d.get("name"), d.get("model_id"))), None)
        if path == "/model"
        else None
    )


def _serve(kind: str) -> None:
    prefix = TARGETS[kind][0]
    route("POST", prefix + "/chat/completions")(lambda sim, req, p: answer(sim, req, kind, None))
    route("POST", prefix + "/{id}/chat/completions")(
        lambda sim, req, p: answer(sim, req, kind, p["id"])
    )


for _kind in TARGETS:
    _serve(_kind)

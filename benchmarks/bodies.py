"""The fixed answers the benchmark server sends, built once and deterministically.

Each agent is shaped like the reference's ``Agent`` (about 1 KB of JSON with realistic text
lengths), so decoding cost is representative of a real list page rather than of a toy object.
"""

from __future__ import annotations

from typing import Any

import msgspec

PAGE_SIZE = 100

_LOREM = (
    "Routes customer questions to the right team, drafts replies in the brand's voice and "
    "escalates anything involving refunds, outages or legal language to a human reviewer. "
)


def agent(index: int) -> dict[str, Any]:
    """Agent number ``index`` as the API would send it inside ``data``."""
    return {
        "id": f"6650f1c2a9e4b3d2c1{index:06d}",
        "name": f"Support triage agent {index}",
        "short_description": "Triage inbound support tickets and draft first replies.",
        "long_description": _LOREM * 2,
        "org": "6650f1c2a9e4b3d2c1000001",
        "user": "6650f1c2a9e4b3d2c1000002",
        "image": f"https://cdn.example.invalid/agents/{index}.png",
        "model": "gpt-4o-mini",
        "temperature": 0.2 + (index % 5) / 10,
        "max_tokens": 1024 + index,
        "system_prompt": "You are a careful support assistant. " + _LOREM,
        "public": index % 2 == 0,
        "tags": ["support", "triage", f"team-{index % 7}"],
        "keywords": ["tickets", "helpdesk", "email"],
        "active": True,
        "external_id": None,
        "created_at": "2024-05-24T10:15:30.000Z",
        "updated_at": "2024-06-02T08:01:12.000Z",
    }


def one_agent_body() -> bytes:
    """``{"data": agent}``: the answer to ``GET /agent/{id}``."""
    return msgspec.json.encode({"data": agent(1)})


def page_body(size: int = PAGE_SIZE) -> bytes:
    """``{"data": [agents], "paging": {...}}``: the answer to ``GET /agent?limit=100``."""
    paging = {"offset": 0, "limit": size, "total": 10 * size, "page": 1, "total_pages": 10}
    return msgspec.json.encode({"data": [agent(i) for i in range(size)], "paging": paging})


def completion_body() -> bytes:
    """A whole (non-streamed) chat completion, for POSTs without ``"stream": true``."""
    return msgspec.json.encode(
        {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1717000000,
            "model": "gpt-4o-mini",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello."},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
        }
    )


#: A streamed chunk is this prefix, the server's monotonic clock in ns as the delta's content
#: (so the client can tell how long the chunk took to reach the user), and this suffix.
CHUNK_PREFIX = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1717000000,'
    b'"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"'
)
CHUNK_SUFFIX = b'"},"finish_reason":null}]}\n\n'
DONE_EVENT = b"data: [DONE]\n\n"

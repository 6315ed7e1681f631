"""The special answers of the platform's section 4 decode into their Structs with every field
kept, inside ``data`` or bare where the contract says the wrapper is optional; the chat
additions of 4.7 read and write as the contract spells them."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
import pytest
from returns.result import Success

from mosaia._types.base import type_name
from mosaia.decode import decode_as
from mosaia.http import HttpResponse
from mosaia.request import Shape
from mosaia.types import (
    AccessGrant,
    AccessList,
    AccessOptions,
    Accessor,
    AccessRevocation,
    Activity,
    ActivityFeedStart,
    BatchDeleteResult,
    ChatCompletion,
    ChatCompletionRequest,
    ChatMessage,
    EmailNotificationResult,
    EmbeddingRequest,
    EmbeddingResponse,
    FrontendTool,
    PlanApproval,
    ReindexResult,
    RelayEvent,
    RerankRequest,
    RerankResponse,
    ScopeList,
    SearchResponse,
    SsoToken,
    ToolCall,
    ToolCallFunction,
    TriggerExecution,
    UploadFailure,
    UploadStart,
    VectorMatch,
)

Body = dict[str, Any]
PERMISSION = {"id": "p1", "active": True, "org": "o1", "policy": "pol1", "tags": ["drive"]}
CHANGE = {"action": "create", "success": True, "permission": PERMISSION}
FAILED_CHANGE = {"action": "create", "success": False, "error": "exists"}
CASCADE = {
    "total": 2,
    "granted": 1,
    "failed": 1,
    "items": [{"item_id": "i2", "action": "grant", "error": "denied"}],
}

#: (type, body) for each answer of section 4, every field the contract names set.
ANSWERS: list[tuple[type[Any], Body]] = [
    (
        RerankResponse,
        {
            "id": "r1",
            "model": "rerank-v3",
            "results": [{"index": 1, "document": {"text": "b"}, "relevance_score": 0.91}],
            "usage": {"total_tokens": 12},
        },
    ),
    (
        EmbeddingResponse,
        {
            "object": "list",
            "model": "text-embedding-3-small",
            "data": [{"object": "embedding", "index": 0, "embedding": [0.5, -0.25]}],
            "usage": {"prompt_tokens": 3, "total_tokens": 3},
        },
    ),
    (
        SearchResponse,
        {
            "data": {
                "agents": [{"id": "a1", "model": ["m1"]}],
                "apps": [{"id": "ap1", "type": "CLIENT"}],
                "tools": [{"id": "t1", "tool_schema": {}}],
                "models": [{"id": "m1", "api_type": "openai"}],
            },
            "paging": {
                "agents": {"total": 1},
                "apps": {"total": 1, "limit": 5},
                "tools": {"offset": 0},
                "models": {"page": 1},
            },
        },
    ),
    (BatchDeleteResult, {"deleted": ["a1", "a2"], "failed": [{"id": "a3", "error": "not found"}]}),
    (
        ScopeList,
        {
            "scopes": [
                {"id": "s1", "name": "agent:read", "description": "Read agents"},
                {"name": "agent:chat"},
            ]
        },
    ),
    (SsoToken, {"token": "sso-token", "type": "Bearer"}),
    (EmailNotificationResult, {"success": True, "messageId": "msg-1"}),
    (TriggerExecution, {"message": "Trigger executed", "triggerId": "tr1"}),
    (
        PlanApproval,
        {
            "message": "Plan approved",
            "plan": {"id": "p1", "status": "APPROVED"},
            "mode": "auto_execute",
        },
    ),
    (
        ReindexResult,
        {
            "object": "reindex",
            "created": 1711111111,
            "deletedVectors": 40,
            "status": "queued",
            "message": "Reindex queued",
        },
    ),
    (
        VectorMatch,
        {"document": {"text": "chunk", "file": "f1"}, "index": 3, "relevance_score": 0.8},
    ),
    (
        UploadStart,
        {
            "message": "2 files",
            "files": [
                {
                    "upload_job_id": "j1",
                    "name": "a.pdf",
                    "mime_type": "application/pdf",
                    "size": 10,
                    "path": "/docs",
                    "presigned_url": "https://s3.test/a?sig=1",
                    "expires_in": 300,
                    "expires_at": "2026-04-01T10:05:00Z",
                    "failed_url": "/v1/drive/d1/upload/j1/failed",
                    "status_url": "/v1/drive/d1/upload/j1",
                }
            ],
            "instructions": {"step1": "PUT the bytes", "step2": "wait", "step3": "check status"},
        },
    ),
    (
        UploadFailure,
        {
            "id": "j1",
            "status": "FAILED",
            "error_summary": "network",
            "message": "Upload marked as failed",
        },
    ),
    (
        AccessGrant,
        {
            "drive_id": "d1",
            "item_id": "i1",
            "accessor_id": "u1",
            "role": "EDITOR",
            "permissions": [CHANGE],
            "drive_permissions": [FAILED_CHANGE],
            "target_permissions": [CHANGE],
            "folder_permissions": [
                {"folder_id": "f1", "folder_name": "specs", "level": 0, "permissions": [CHANGE]}
            ],
            "cascaded_items": CASCADE,
            "nested_items": CASCADE,
        },
    ),
    (
        AccessGrant,
        {"permission": PERMISSION, "drive_id": "d1", "accessor_id": "u1", "action": "read"},
    ),
    (AccessRevocation, {"item_id": "i1", "accessor_id": "u1", "revoked_count": 3}),
    (
        AccessList,
        {
            "drive_id": "d1",
            "accessors": [
                {
                    "accessor_id": "u1",
                    "accessor_type": "user",
                    "role": "VIEWER",
                    "permissions": [PERMISSION],
                }
            ],
        },
    ),
    (RelayEvent, {"event": "UPDATE", "data": '{"id": "d1", "name": "Docs"}'}),
    (
        ActivityFeedStart,
        {
            "feed": "activity",
            "scope": "org:o1",
            "since": "act9",
            "collections": ["agents", "drives"],
        },
    ),
    (
        Activity,
        {
            "id": "act10",
            "user": "u1",
            "resource": "drive",
            "resource_id": "d1",
            "operation": "create",
            "payload": {"name": "Docs"},
            "event_id": "e1",
            "created_at": "2026-04-01T10:00:00Z",
        },
    ),
]


def decode(body: Body, shape: Shape, cls: type[Any]) -> Any:
    return decode_as(HttpResponse(200, body=msgspec.json.encode(body)), shape, type_name(cls))


#: Each answer inside ``data`` read as one entity, and read where the wrapper is optional:
#: wrapped, and bare unless the answer has a ``data`` member of its own (embeddings, search),
#: which only the answer's own builder can tell from the wrapper (contract 2.9).
READINGS = [
    (cls, body, shape, wrap)
    for cls, body in ANSWERS
    for shape, wrap in [("one", True), ("bare", True), ("bare", False)]
    if wrap or "data" not in cls.__struct_fields__
]


@pytest.mark.parametrize(
    ("cls", "body", "shape", "wrap"), READINGS, ids=lambda v: getattr(v, "__name__", str(v)[:8])
)
def test_every_special_answer_decodes_with_every_field_kept(
    cls: type[Any], body: Body, shape: Shape, wrap: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mosaia"):
        result = decode({"data": body} if wrap else body, shape, cls)

    assert isinstance(result, Success), result
    assert msgspec.to_builtins(result.unwrap()) == body
    assert caplog.records == []


def test_a_search_answer_nested_in_an_outer_data_reads_alike() -> None:
    inner = {"data": {"agents": [{"id": "a1"}]}, "paging": {"agents": {"total": 1}}}

    answer = decode({"data": inner}, "bare", SearchResponse).unwrap()

    assert answer.data.agents[0].id == "a1"
    assert answer.paging.agents.total == 1


def test_a_page_of_vector_matches_decodes_with_its_paging() -> None:
    body = {"data": [{"document": "chunk one", "index": 0, "relevance_score": 0.5}], "paging": {}}

    page = decode(body, "page", VectorMatch).unwrap()

    assert page.items == [VectorMatch(document="chunk one", index=0, relevance_score=0.5)]


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (
            RerankRequest(query="q", documents=["a", "b"], reorder_results=True),
            {"query": "q", "documents": ["a", "b"], "reorder_results": True},
        ),
        (EmbeddingRequest(input=["a", "b"], model="m"), {"input": ["a", "b"], "model": "m"}),
        (EmbeddingRequest(input="a"), {"input": "a"}),
        (Accessor(org_user="m1"), {"org_user": "m1"}),
        (
            AccessOptions(cascade_to_items=True, mode="recursive", item_role="VIEWER"),
            {"cascade_to_items": True, "mode": "recursive", "item_role": "VIEWER"},
        ),
        (
            ChatCompletionRequest(
                messages=[ChatMessage(role="user", content="hi")],
                frontend_tools=[FrontendTool(name="pick_date", tool_schema={"type": "object"})],
            ),
            {
                "messages": [{"role": "user", "content": "hi"}],
                "frontend_tools": [{"name": "pick_date", "tool_schema": {"type": "object"}}],
            },
        ),
    ],
    ids=lambda v: type(v).__name__,
)
def test_requests_encode_only_what_is_set_in_the_contracts_spelling(value: Any, sent: Body) -> None:
    assert msgspec.json.decode(msgspec.json.encode(value)) == sent


def test_a_completion_carries_refusal_annotations_and_who_runs_each_tool_call() -> None:
    frontend = {
        "id": "c1",
        "type": "function",
        "function": {"name": "pick_date", "arguments": "{}", "execution_context": "frontend"},
    }
    backend = {
        "id": "c2",
        "type": "function",
        "function": {"name": "search", "arguments": '{"q": 1}', "execution_context": "backend"},
    }
    message = {
        "role": "assistant",
        "refusal": "no",
        "annotations": ["cited"],
        "tool_calls": [frontend, backend, {"id": 5}],
    }
    body = {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": message}]}

    completion = decode(body, "bare", ChatCompletion).unwrap()
    read = completion.choices[0].message

    assert (read.refusal, read.annotations, read.content) == ("no", ["cited"], None)
    assert read.parsed_tool_calls == [
        ToolCall(
            id="c1",
            type="function",
            function=ToolCallFunction(
                name="pick_date", arguments="{}", execution_context="frontend"
            ),
        ),
        ToolCall(
            id="c2",
            type="function",
            function=ToolCallFunction(
                name="search", arguments='{"q": 1}', execution_context="backend"
            ),
        ),
    ]

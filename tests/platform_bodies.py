"""Answer bodies as the platform sends each entity: now (April 2026, every field set) and as it
sent them in July 2025 (or, for entities new since, in the older spellings the Node SDK's tests
still use, and with references embedded instead of ids). Shared by the entity and tolerant-reader
tests; between them the bodies of an entity set every field of its Struct."""

from __future__ import annotations

from typing import Any

from mosaia.types import (
    AccessPolicy,
    Activity,
    Agent,
    AgentTool,
    ApiRequestLog,
    App,
    AppConnector,
    AppUser,
    AppWebhook,
    AuthToken,
    Client,
    ClientSession,
    Drive,
    DriveItem,
    GroupAgent,
    Like,
    Log,
    Message,
    Meter,
    Model,
    Organization,
    OrgPermission,
    OrgUser,
    Plan,
    Scope,
    Self,
    Snapshot,
    Task,
    Tool,
    Trigger,
    UploadJob,
    User,
    UserPermission,
    Vector,
    VectorIndex,
    Wallet,
)

Body = dict[str, Any]
ID = "65f0c0ffee0000000000000{}".format
HISTORY = {
    "created_at": "2026-04-01T10:00:00.000Z",
    "created_by": ID(1),
    "created_by_type": "user",
    "updated_at": "2026-04-02T11:00:00.000Z",
    "updated_by": ID(2),
    "updated_by_type": "agent",
}
BASE: Body = {
    "id": ID(0),
    "active": True,
    "external_id": "ext-1",
    "extensors": {"crm": "42"},
    "created_at": "2026-04-01T10:00:00.000Z",
    "updated_at": "2026-04-02T11:00:00.000Z",
    "record_history": HISTORY,
}
OWNED = {"org": ID(3), "user": ID(4)}
ANY_EXTENSORS = {"extensors": {"retries": 3, "flags": {"beta": True}, "note": None}}
ORG_OBJECT = {"id": ID(3), "name": "Acme", "type": "CLIENT"}
USER_OBJECT = {"id": ID(4), "email": "ada@acme.test", "username": "ada"}
AGENT_OBJECT = {"id": ID(5), "name": "support", "model": [ID(6)]}
LOG_OBJECT = {"id": ID(7), "name": "chat", "status": "STANDBY"}
PERMISSION_RULES = {"allow": {"action": ["agent:read", "agent:chat"], "resource": "*"}}

#: Every entity of the platform's section 3 with the bodies it comes in, by label.
# fmt: off
BODIES: dict[type[Any], dict[str, Body]] = {
    User: {
        "now": {
            **BASE, "email": "ada@acme.test", "username": "ada", "name": "Ada",
            "image": "https://img.test/a.png", "description": "Engineer",
            "url": "https://ada.test", "location": "London",
            "links": {"github": "https://github.com/ada"},
        },
        "july": {"first_name": "Ada", "last_name": "Lovelace", "public_address": "0xabc", **OWNED},
    },
    Organization: {
        "now": {
            **BASE, "name": "Acme", "description": "Makers", "image": "https://img.test/o.png",
            "type": "SUPERORG", "url": "https://acme.test", "size": "51-200", "location": "Berlin",
            "mosaia_recommendation": "grow",
        },
        "july": {"name": "Acme", "short_description": "Makers", "long_description": "We make."},
    },
    OrgUser: {
        "now": {
            **BASE, "org": ID(3), "user": ID(4), "permission": "SUPERUSER", "keywords": ["lead"],
            "tags": ["eng"],
        },
        "july": {"org": ORG_OBJECT, "user": USER_OBJECT, "permission": "admin"},
    },
    Agent: {
        "now": {
            **BASE, **OWNED, "name": "support_bot", "description": "Answers",
            "readme": "# Support", "model": [ID(6), ID(8)], "system_message": "Be kind.",
            "max_tokens": 2048, "temperature": 0.7, "public": True, "featured": False,
            "mia": False, "forked": {"from": ID(5), "created_at": "2026-03-01T00:00:00Z"},
            "image": "https://img.test/g.png", "tags": ["support"], "keywords": ["help"],
        },
        "july": {
            "name": "Support", "short_description": "Answers", "long_description": "Long",
            "model": ID(6), "system_prompt": "Be kind.", "org": ORG_OBJECT, "user": USER_OBJECT,
        },
    },
    Model: {
        "now": {
            **BASE, **OWNED, "name": "GPT-4o", "model": "gpt-4o", "description": "Fast",
            "readme": "# GPT", "image": "https://img.test/m.png", "max_context_tokens": 128000,
            "max_output_tokens": 16384, "encoding": "o200k_base", "safety_margin": 0.85,
            "tokens_per_char_multiplier": 1.0, "type": "chat",
            "base_url": "https://api.openai.test/v1", "api_type": "openai", "api_key": "sk-secret",
            "prices": {"input": 2.5, "output": 10.0}, "public": True, "tags": ["llm"],
            "keywords": ["gpt"],
        },
        "july": {
            "name": "GPT-4", "short_description": "Smart", "long_description": "Long",
            "provider": "openai", "model_id": "gpt-4", "max_tokens": 8192, "temperature": 0.2,
        },
    },
    Client: {
        "now": {
            **BASE, **OWNED, "name": "my-app:web",
            "oauth": {"active": True, "authorized_redirect_uris": ["https://app.test/cb"]},
            "secret": "shown-once", "tags": ["web"],
        },
        "july": {
            "name": "My app", "client_id": "cid", "client_secret": "csecret",
            "redirect_uris": ["https://app.test/cb"], "scopes": ["read"],
        },
    },
    App: {
        "now": {
            **BASE, **OWNED, "name": "Slack", "type": "INTEGRATION", "short_description": "Chat",
            "long_description": "Long", "readme": "# Slack", "image": "https://img.test/s.png",
            "client": ID(9), "external_app_url": "https://slack.test",
            "external_api_urls": {"events": "https://slack.test/events"},
            "external_api_key": "xoxb-1", "external_headers": {"X-Team": "T1"}, "public": True,
            "featured": True, "tags": ["chat"], "keywords": ["slack"],
        },
        "july": {"name": "Slack", "short_description": "Chat", "org": ORG_OBJECT},
    },
    Tool: {
        "now": {
            **BASE, **OWNED, "name": "weather", "friendly_name": "Weather",
            "friendly_name_slug": "weather", "short_description": "Forecasts",
            "tool_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
            "url": "https://tools.test/weather", "default_environment_secrets": "enc:abc",
            "required_environment_variables": ["API_KEY"], "source_url": "https://github.test/w",
            "image": "https://img.test/t.png", "public": True, "featured": False,
            "tags": ["weather"], "keywords": ["forecast"],
        },
        "july": {"short_description": "Forecasts", "tool_schema": '{"type": "object"}'},
    },
    Wallet: {
        "now": {
            **BASE, **OWNED, "usd_balance": 12.5, "renewal_threshold_usd": 5.0,
            "renewal_amount_usd": 20.0, "auto_reload_on": True, "stripe_customer_id": "cus_1",
            "subscription": {"stripe_subscription_id": "sub_1", "customer_portal": "https://billing.test",
                "name": "Pro", "period": "monthly",
                "entitlements": [{
                    "id": "ent_1", "object": "entitlements.feature", "active": True,
                    "livemode": False, "lookup_key": "pro", "metadata": {"tier": 2}, "name": "Pro",
                }],
            },
        },
        "july": {"balance": 100, "currency": "USD", "org": ORG_OBJECT},
    },
    Meter: {
        "now": {
            **BASE, **OWNED, "type": "tokens", "value": 1234.5, "metadata": {"model": "gpt-4o"},
        },
    },
    AccessPolicy: {
        "now": {
            **BASE, "name": "Admins", "effect": "allow", "actions": ["*"], "resources": ["agent"],
            "conditions": {"ip": "10.0.0.0/8"},
        },
    },
    OrgPermission: {
        "now": {
            **BASE, "org": ID(3), "user": ID(10), "client": ID(9), "agent": ID(5),
            "policy": ID(11), "tags": ["ops"],
        },
        "july": {"org": ORG_OBJECT, "policy": {"id": ID(11), "name": "Admins", "effect": "deny"}},
    },
    UserPermission: {
        "now": {
            **BASE, "user": ID(4), "client": ID(9), "agent": ID(5), "allowed_user": ID(12),
            "policy": ID(11), "tags": ["delegate"],
        },
        "july": {
            "user": USER_OBJECT, "client": {"id": ID(9), "name": "web"},
            "policy": {"id": ID(11), "actions": ["read:*"]},
        },
    },
    Self: {
        "now": {
            "user": USER_OBJECT, "org": ORG_OBJECT,
            "org_user": {"id": ID(10), "permission": "USER"},
            "client": {"id": ID(9), "name": "web"},
            "permissions": {
                **PERMISSION_RULES, "deny": {"action": "agent:delete", "resource": ["org"]},
            },
        },
        "july": {"permissions": {"allow": [{"action": "*"}], "deny": []}},
    },
    AuthToken: {
        "now": {
            "access_token": "at", "refresh_token": "rt", "token_type": "Bearer",
            "expires_in": 3600, "sub": ID(4), "iat": "1711111111000", "exp": "1711114711000",
        },
    },
    AgentTool: {
        "now": {
            **BASE, "agent": ID(5), "tool": ID(13), "environment_secrets": "enc:xyz",
            "tags": ["prod"],
        },
        "embedded": {
            "agent": AGENT_OBJECT, "tool": {"id": ID(13), "name": "weather", "tool_schema": {}},
        },
    },
    AppWebhook: {
        "now": {
            **BASE, **OWNED, "app": ID(9), "agent": ID(5), "url": "https://hooks.test/in",
            "event": "REQUEST", "headers": "X-Token: abc\nX-Env: prod", "tags": ["in"],
        },
        "older": {
            "app": {"id": ID(9), "name": "Slack"}, "events": ["REQUEST"],
            "headers": {"X-Env": "prod"},
        },
    },
    AppConnector: {
        "now": {
            **BASE, **OWNED, "app": ID(9), "agent": ID(5), "client": ID(14),
            "response_hook": ID(15), "tags": ["slack"],
        },
        "embedded": {
            "app": {"id": ID(9), "type": "NOTIFIER"},
            "response_hook": {"id": ID(15), "url": "https://hooks.test", "event": "REQUEST"},
        },
    },
    Drive: {
        "now": {
            **BASE, **OWNED, "name": "Docs", "description": "Team docs", "current_size": 1048576,
            "max_size": 1073741824, "status": "ACTIVE", "public": False,
            "retention_policy": {
                "enabled": True, "retention_period": 30, "retention_type": "COMPLIANCE",
            },
            "monitoring_enabled": True, "quota_alert_threshold": 80,
            "critical_quota_threshold": 95, "audit_logging_enabled": True,
        },
    },
    DriveItem: {
        "now": {
            **BASE, "drive": ID(16), "name": "plan.md", "path": "/specs/plan.md", "size": 2048,
            "mime_type": "text/markdown", "item_type": "FILE", "url": "https://files.test/plan.md",
            "parent_folder": ID(17),
            "folder_structure": [{"folder_id": ID(17), "folder_name": "specs", "level": 0}],
            "metadata": {"lang": "en", "pages": 3},
        },
        "embedded": {
            "drive": {"id": ID(16), "name": "Docs"}, "parent_folder": None, "item_type": "FOLDER",
        },
    },
    UploadJob: {
        "now": {
            **BASE, "drive": ID(16), "status": "COMPLETED", "name": "a.pdf",
            "original_name": "A.pdf", "s3_key": "d/a.pdf", "size": 4096,
            "mime_type": "application/pdf", "content_type_category": "DOCUMENT", "path": "/",
            "item_type": "FILE", "presigned_url": "https://s3.test/put?sig=1",
            "presigned_url_expires_at": "2026-04-01T10:05:00Z", "etag": "abc",
            "s3_version_id": "v1", "started_at": "2026-04-01T10:00:00Z",
            "completed_at": "2026-04-01T10:00:03Z", "error_summary": "none",
            "failed_url": "/v1/drive/x/upload/y/failed", "status_url": "/v1/drive/x/upload/y",
            "duration_ms": 3000, "formatted_duration": "3s", "formatted_size": "4 KB",
            "is_expired": False,
        },
    },
    VectorIndex: {
        "now": {
            **BASE, **OWNED, **ANY_EXTENSORS, "name": "docs", "description": "Docs index",
            "drive": ID(16), "folder": ID(17), "status": "BUILDING", "vector_count": 120,
            "index_size_bytes": 65536, "last_rebuild": "2026-04-01T00:00:00Z", "tags": ["rag"],
        },
    },
    Vector: {
        "now": {
            **BASE, **ANY_EXTENSORS, "index": ID(18), "file": ID(19),
            "embedding": [0.25, -0.5, 1.0], "content": {"text": "hello", "page": 1},
            "metadata": {"chunk": 0}, "tags": ["chunk"],
        },
        "embedded": {
            "index": {"id": ID(18), "status": "ACTIVE"}, "file": {"id": ID(19), "name": "a.pdf"},
            "content": "plain text",
        },
    },
    Log: {
        "now": {
            **BASE, **OWNED, "name": "chat", "model": ID(6), "agents": [ID(5)], "clients": [ID(9)],
            "org_users": [ID(10)], "guest_users": ["guest-1"],
            "summary": "Asked about the weather", "status": "PROCESSING", "keywords": ["weather"],
            "tags": ["support"],
        },
        "older": {
            "agent": AGENT_OBJECT, "model": {"id": ID(6), "model": "gpt-4o"},
            "messages": [{"role": "user", "content": "hi"}, ID(20)],
        },
    },
    Message: {
        "now": {
            **BASE, **OWNED, "log": ID(7), "role": "assistant", "content": "Sunny.",
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "w", "arguments": "{}"}},
            ],
            "tool_call_id": "c0", "type": "INFO",
            "creator": {"id": ID(5), "type": "agent", "metadata": {"v": 1}},
            "recipient": {"id": ID(4), "type": "user"}, "associated_conversation_ids": ["conv-1"],
            "metadata": {"latency_ms": 12}, "keywords": ["weather"], "tags": ["answer"],
        },
        "embedded": {"log": LOG_OBJECT, "content": [{"type": "text", "text": "hi"}]},
    },
    Snapshot: {
        "now": {
            **BASE, **OWNED, "source": ID(7), "type": "AGENT_LOG", "data": {"messages": [1, 2]},
            "keywords": ["k"], "tags": ["t"],
        },
        "embedded": {"source": LOG_OBJECT, "data": "raw"},
    },
    Task: {
        "now": {
            **BASE, **OWNED, **ANY_EXTENSORS, "plan": ID(21), "agent": ID(5), "log": ID(7),
            "parent_log": ID(22), "dependencies": [ID(23)], "name": "Research",
            "description": "Find sources", "content": "# Do it",
            "metadata": {
                "type": "research", "priority": 2, "tags": ["r"], "dependencies": [ID(23)],
            },
            "status": "EXECUTING", "keywords": ["k"], "tags": ["t"], "attempt_count": 1,
            "max_attempts": 3, "failure_reason": "timeout",
        },
        "embedded": {
            "plan": {"id": ID(21), "status": "DRAFT"}, "agent": AGENT_OBJECT, "log": LOG_OBJECT,
            "parent_log": LOG_OBJECT, "org": ORG_OBJECT, "user": USER_OBJECT,
        },
    },
    Plan: {
        "now": {
            **BASE, **OWNED, **ANY_EXTENSORS, "task": ID(23), "agent": ID(5), "log": ID(7),
            "parent_log": ID(22), "name": "Q2", "description": "Quarter plan", "content": "# Plan",
            "status": "PAUSED", "keywords": ["k"], "tags": ["t"],
        },
        "embedded": {
            "task": {"id": ID(23), "status": "PENDING", "plan": ID(21)}, "agent": AGENT_OBJECT,
        },
    },
    Trigger: {
        "now": {
            **BASE, **OWNED, **ANY_EXTENSORS, "name": "nightly", "description": "Every night",
            "type": "CRON", "task": ID(23), "log": ID(7), "user_message": "Run it",
            "status": "ACTIVE", "pause_on_completion": True,
            "last_triggered_at": "2026-04-01T00:00:00Z", "next_trigger_at": "2026-04-02T00:00:00Z",
            "trigger_count": 7,
            "config": {"cron_expression": "0 0 * * *", "timezone": "UTC", "run_once": False},
            "metadata": {"source": "ui"}, "keywords": ["k"], "tags": ["t"],
        },
        "embedded": {"agent": AGENT_OBJECT, "plan": {"id": ID(21), "name": "Q2"}, "type": "MANUAL"},
    },
    Activity: {
        "now": {
            **BASE, **OWNED, "resource": "drive_item", "resource_id": ID(19),
            "operation": "update", "payload": {"name": "a.pdf"}, "event_id": "evt-1",
        },
        "future": {"resource": "workflow", "operation": "delete", "payload": None},
    },
    Like: {"now": {**BASE, **OWNED, "target_type": "agent", "target_id": ID(5)}},
    Scope: {"now": {"id": "agent:read", "name": "agent:read", "description": "Read agents"}},
    ClientSession: {
        "now": {
            **BASE, "client": ID(9), "metadata": {"ip": "127.0.0.1"}, "code": "oauth-code",
            "code_challenge": "E9Melhoa2Owv", "code_challenge_method": "S256",
            "redirect_uri": "https://app.test/cb", "expires_at": "2026-04-01T10:10:00Z",
        },
    },
    GroupAgent: {"now": {**BASE, "group": ID(24), "agent": ID(5), "order": 2, "config": {"x": 1}}},
    AppUser: {"now": {**BASE, "app": ID(9), "user": ID(4), "config": {"theme": "dark"}}},
    ApiRequestLog: {
        "now": {
            **BASE, **OWNED, "method": "GET", "path": "/v1/agent", "status": 200, "duration": 12.5,
            "client": ID(9), "metadata": {"ua": "sdk"},
        },
    },
}
# fmt: on

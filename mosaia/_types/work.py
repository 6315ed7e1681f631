"""What agents do and remember: conversation logs and their messages and snapshots, tasks,
plans, triggers, and the audit trail of activities. All new since July 2025.

References (``agent``, ``log``, ``plan``, ``task``...) decode as an id or as the embedded
document; ``extensors`` hold any JSON values on tasks, plans and triggers.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from mosaia._types.base import Entity
from mosaia._types.entities import Agent, Model, Organization, User


class Participant(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Who wrote a message (its ``creator``) or is meant to read it (its ``recipient``)."""

    id: str | None = None
    type: Literal["user", "org_user", "agent", "client", "model", "system"] | None = None
    metadata: dict[str, Any] | None = None


class Message(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """One message of an agent log. ``content`` is text, or a list of parts; ``type`` marks
    diagnostic messages (``INFO``, ``WARNING``, ``ERROR``)."""

    org: str | Organization | None = None
    user: str | User | None = None
    log: str | Log | None = None
    role: Literal["user", "assistant", "tool"] | None = None
    content: str | list[Any] | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None
    type: Literal["INFO", "WARNING", "ERROR"] | None = None
    creator: Participant | None = None
    recipient: Participant | None = None
    associated_conversation_ids: list[str] | None = None
    metadata: dict[str, Any] | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None


class Log(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An agent log: one conversation, with who took part in it (lists of ids) and its
    ``summary``. ``agent`` and the inline ``messages`` are deprecated for ``agents`` and the
    log's message collection, and still decode (a message inline or as its id)."""

    name: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    model: str | Model | None = None
    agent: str | Agent | None = None
    agents: list[str] | None = None
    clients: list[str] | None = None
    org_users: list[str] | None = None
    guest_users: list[str] | None = None
    summary: str | None = None
    messages: list[Message | str] | None = None
    status: Literal["STANDBY", "PROCESSING", "ERROR"] | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None


class Snapshot(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A saved copy of a log (``source``): ``data`` is whatever was captured, ``type`` its kind
    (``AGENT_LOG``)."""

    org: str | Organization | None = None
    user: str | User | None = None
    source: str | Log | None = None
    type: str | None = None
    data: Any = None
    keywords: list[str] | None = None
    tags: list[str] | None = None


class TaskMetadata(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The structured ``metadata`` of a task: its kind, priority, tags and dependencies."""

    type: str | None = None
    priority: int | float | None = None
    tags: list[str] | None = None
    dependencies: list[str] | None = None


TaskStatus = Literal[
    "PENDING", "BUILDING", "APPROVED", "EXECUTING", "COMPLETED", "FAILED", "REVIEW"
]


class Task(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A unit of work for an agent, described in Markdown (``content``), possibly part of a
    plan and waiting on other tasks (``dependencies``). Executed while ``PENDING`` or
    ``REVIEW``; ``attempt_count``/``max_attempts`` and ``failure_reason`` track retries."""

    plan: str | Plan | None = None
    agent: str | Agent | None = None
    log: str | Log | None = None
    parent_log: str | Log | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    dependencies: list[str] | None = None
    name: str | None = None
    description: str | None = None
    content: str | None = None
    metadata: TaskMetadata | None = None
    status: TaskStatus | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None
    attempt_count: int | None = None
    max_attempts: int | None = None
    failure_reason: str | None = None
    extensors: dict[str, Any] | None = None


PlanStatus = Literal["DRAFT", "APPROVED", "EXECUTING", "COMPLETED", "FAILED", "REVIEW", "PAUSED"]


class Plan(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A plan of work in Markdown (``content``), approved from ``DRAFT`` before it runs."""

    task: str | Task | None = None
    agent: str | Agent | None = None
    log: str | Log | None = None
    parent_log: str | Log | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    name: str | None = None
    description: str | None = None
    content: str | None = None
    status: PlanStatus | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None
    extensors: dict[str, Any] | None = None


class TriggerConfig(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """When a trigger fires: a cron expression (required for ``CRON`` triggers) in a time zone,
    possibly only once."""

    cron_expression: str | None = None
    timezone: str | None = None
    run_once: bool | None = None


class Trigger(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """Something that starts an agent, task or plan (exactly one of them) on a schedule, a
    webhook, an event or by hand, sending ``user_message``; ``status`` is ``ACTIVE`` or
    ``PAUSED``."""

    org: str | Organization | None = None
    user: str | User | None = None
    name: str | None = None
    description: str | None = None
    type: Literal["CRON", "WEBHOOK", "EVENT", "MANUAL"] | None = None
    agent: str | Agent | None = None
    task: str | Task | None = None
    plan: str | Plan | None = None
    log: str | Log | None = None
    user_message: str | None = None
    status: Literal["ACTIVE", "PAUSED"] | None = None
    pause_on_completion: bool | None = None
    last_triggered_at: str | None = None
    next_trigger_at: str | None = None
    trigger_count: int | None = None
    config: TriggerConfig | None = None
    metadata: dict[str, Any] | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None
    extensors: dict[str, Any] | None = None


class Activity(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """One row of the audit trail: an ``operation`` (``create``, ``update``, ``delete``) on a
    ``resource`` kind (``agent``, ``drive_item``, ...; new kinds may appear, hence a string)
    with its id, the document as it was (``payload``) and when (``created_at``)."""

    user: str | User | None = None
    org: str | Organization | None = None
    resource: str | None = None
    resource_id: str | None = None
    operation: Literal["create", "update", "delete"] | None = None
    payload: dict[str, Any] | None = None
    event_id: str | None = None

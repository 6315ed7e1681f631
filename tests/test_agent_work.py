"""Making agent work happen (contract 2.6, 4.5), against the simulator served on 127.0.0.1:
tasks, plans and triggers move through their states and refuse what their state forbids,
tools run, a vector index is searched and rebuilt, and access to drives and items is granted,
listed and revoked. Bad input is refused before anything is sent."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mosaia import Mosaia
from mosaia.errors import BadRequestError, ConflictError, InvalidRequest, NotFoundError
from mosaia.testing import IDS, Simulator
from mosaia.testing._sim.access import ROLE_ACTIONS
from mosaia.types import (
    AccessGrant,
    AccessList,
    Accessor,
    AccessRevocation,
    PlanApproval,
    ReindexResult,
    Task,
    TriggerExecution,
    VectorMatch,
)


@pytest.fixture
def sim() -> Simulator:
    """The simulator with its fixture world: a PENDING task, a DRAFT plan, a trigger, tools,
    a drive with a folder and a file, and an index over the drive."""
    return Simulator.with_fixtures()


def _nothing_sent(sim: Simulator, before: int) -> bool:
    return len(sim.requests) == before


# --- tasks ------------------------------------------------------------------------------------


def test_a_pending_task_runs_once_is_interrupted_to_review_and_runs_again(client: Mosaia) -> None:
    tasks = client.tasks.under(agent=IDS.support_agent)

    started = tasks.execute(IDS.task, content="Start with the oldest", role="user").unwrap()
    again = tasks.execute(IDS.task)
    stopped = tasks.interrupt(IDS.task).unwrap()
    resumed = tasks.execute(IDS.task).unwrap()

    assert isinstance(started, Task)
    assert (started.status, started.attempt_count) == ("EXECUTING", 1)
    assert isinstance(again.failure(), ConflictError)
    assert stopped.status == "REVIEW"
    assert (resumed.status, resumed.attempt_count) == ("EXECUTING", 2)


def test_only_a_running_task_can_be_interrupted(client: Mosaia) -> None:
    assert isinstance(client.tasks.interrupt(IDS.task).failure(), ConflictError)


def test_an_unknown_task_is_not_found(client: Mosaia) -> None:
    assert isinstance(client.tasks.execute("f" * 24).failure(), NotFoundError)


# --- plans ------------------------------------------------------------------------------------


def test_a_draft_plan_is_approved_for_review_once_then_executed(client: Mosaia) -> None:
    approval = client.plans.approve(IDS.plan).unwrap()
    twice = client.plans.approve(IDS.plan)
    running = client.plans.execute(IDS.plan).unwrap()

    assert isinstance(approval, PlanApproval)
    assert approval.mode == "review"
    assert approval.message
    assert not isinstance(approval.plan, str | None)
    assert approval.plan.status == "APPROVED"
    assert isinstance(twice.failure(), ConflictError)
    assert running.status == "EXECUTING"


def test_a_plan_approved_to_auto_execute_starts_at_once(client: Mosaia) -> None:
    approval = client.plans.approve(IDS.plan, mode="auto_execute").unwrap()

    assert approval.mode == "auto_execute"
    assert not isinstance(approval.plan, str | None)
    assert approval.plan.status == "EXECUTING"


def test_a_draft_plan_cannot_be_executed_before_approval(client: Mosaia) -> None:
    assert isinstance(client.plans.execute(IDS.plan).failure(), ConflictError)


def test_an_unknown_approval_mode_is_refused_and_nothing_is_sent(
    client: Mosaia, sim: Simulator
) -> None:
    before = len(sim.requests)
    mode: Any = "whenever"

    result = client.plans.approve(IDS.plan, mode=mode)

    assert isinstance(result.failure(), InvalidRequest)
    assert "mode" in result.failure().message
    assert _nothing_sent(sim, before)


# --- triggers ---------------------------------------------------------------------------------


def test_executing_a_trigger_fires_it_and_counts_each_firing(client: Mosaia) -> None:
    first = client.triggers.execute(IDS.trigger).unwrap()
    client.triggers.under(task=IDS.task).execute(IDS.trigger).unwrap()

    assert isinstance(first, TriggerExecution)
    assert first.trigger_id == IDS.trigger
    trigger = client.triggers.get_by_id(IDS.trigger).unwrap()
    assert trigger.trigger_count == 2
    assert trigger.last_triggered_at


def test_a_paused_trigger_does_not_fire(client: Mosaia) -> None:
    client.triggers.update(IDS.trigger, status="PAUSED").unwrap()

    assert isinstance(client.triggers.execute(IDS.trigger).failure(), ConflictError)


# --- tools ------------------------------------------------------------------------------------


def test_a_tool_runs_with_its_arguments_and_answers_its_output(client: Mosaia) -> None:
    output = client.tools.execute(IDS.weather_tool, {"city": "Oslo", "days": 2}).unwrap()

    assert output == {
        "tool": "weather",
        "arguments": {"city": "Oslo", "days": 2},
        "result": 'weather(city="Oslo", days=2)',
    }


def test_an_attached_tool_runs_under_its_agent(client: Mosaia) -> None:
    attached = client.agent_tools.under(agent=IDS.support_agent)

    output = attached.execute(IDS.agent_tool, city="Lima").unwrap()
    elsewhere = client.agent_tools.under(agent=IDS.research_agent).execute(IDS.agent_tool)

    assert output["tool"] == "weather"
    assert output["arguments"] == {"city": "Lima"}
    assert isinstance(elsewhere.failure(), NotFoundError)


def test_an_agent_tool_run_needs_its_agent(client: Mosaia, sim: Simulator) -> None:
    before = len(sim.requests)

    assert isinstance(client.agent_tools.execute(IDS.agent_tool).failure(), InvalidRequest)
    assert _nothing_sent(sim, before)


# --- vector indexes ---------------------------------------------------------------------------


def _vectors(client: Mosaia, *contents: str) -> list[str]:
    vectors = client.vectors.under(index=IDS.index)
    made = [vectors.create(embedding=[0.0], content=c, index=IDS.index) for c in contents]
    return [v.unwrap().id or "" for v in made]


def test_search_ranks_the_index_vectors_by_the_words_they_share_with_the_query(
    client: Mosaia, sim: Simulator
) -> None:
    fox, _, red = _vectors(client, "the quick red fox", "a blue whale", "red paint")

    page = client.vector_indexes.under(drive=IDS.drive).search(IDS.index, "red fox").unwrap()
    limited = client.vector_indexes.search(IDS.index, "red fox", limit=1).unwrap()
    excluded = client.vector_indexes.search(IDS.index, "red", exclude=[fox]).unwrap()

    assert all(isinstance(m, VectorMatch) for m in page.items)
    hits = [(m.document, m.index, m.relevance_score) for m in page.items]
    assert hits == [("the quick red fox", 0, 1.0), ("red paint", 1, 0.5)]
    assert [m.document for m in limited.items] == ["the quick red fox"]
    assert [m.document for m in excluded.items] == ["red paint"]
    assert red


def test_search_sends_params_and_exclude_as_json_text(client: Mosaia, sim: Simulator) -> None:
    client.vector_indexes.search(
        IDS.index,
        "q",
        params={"lang": "en"},
        exclude=["v1", "v2"],
        embedding_model_id=IDS.gpt_model,
        rerank_model_id=IDS.claude_model,
    ).unwrap()

    query = parse_qs(urlsplit(sim.requests[-1].url).query)
    assert query["params"] == ['{"lang":"en"}']
    assert query["exclude"] == ['["v1","v2"]']
    assert query["embeddingModelId"] == [IDS.gpt_model]
    assert query["rerankModelId"] == [IDS.claude_model]


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("", {}),
        ("   ", {}),
        ("q", {"params": ["not", "a", "mapping"]}),
        ("q", {"exclude": "v1"}),
        ("q", {"params": {"n": float("nan")}}),
    ],
    ids=["empty-query", "blank-query", "params-not-mapping", "exclude-not-list", "nan-param"],
)
def test_a_search_without_a_query_or_with_bad_json_parts_is_refused_and_nothing_is_sent(
    client: Mosaia, sim: Simulator, query: str, options: dict[str, Any]
) -> None:
    before = len(sim.requests)

    result = client.vector_indexes.search(IDS.index, query, **options)

    assert isinstance(result.failure(), InvalidRequest)
    assert _nothing_sent(sim, before)


def test_getting_an_index_by_id_still_answers_the_index(client: Mosaia) -> None:
    assert client.vector_indexes.get_by_id(IDS.index).unwrap().name == "Docs index"


def test_reindex_is_queued_and_counts_the_vectors_it_drops(client: Mosaia) -> None:
    _vectors(client, "one", "two")

    answer = client.vector_indexes.reindex(IDS.index).unwrap()

    assert isinstance(answer, ReindexResult)
    assert answer.status == "queued"
    assert answer.deleted_vectors == 3  # the fixture's vector and the two made here


# --- access -----------------------------------------------------------------------------------


def test_access_to_a_drive_is_granted_listed_and_revoked(client: Mosaia) -> None:
    grace = Accessor(user=IDS.grace)

    grant = client.drives.grant_access(IDS.drive, grace, "EDITOR").unwrap()
    listed = client.drives.list_access(IDS.drive).unwrap()
    revoked = client.drives.revoke_access(IDS.drive, grace).unwrap()
    after = client.drives.list_access(IDS.drive).unwrap()
    again = client.drives.revoke_access(IDS.drive, grace).unwrap()

    assert isinstance(grant, AccessGrant)
    assert (grant.drive_id, grant.accessor_id, grant.role) == (IDS.drive, IDS.grace, "EDITOR")
    assert [p.action for p in grant.permissions or ()] == ["read", "create", "update"]
    assert isinstance(listed, AccessList)
    assert [(a.accessor_id, a.accessor_type, a.role) for a in listed.accessors or ()] == [
        (IDS.grace, "user", "EDITOR")
    ]
    assert isinstance(revoked, AccessRevocation)
    assert revoked.revoked_count == 3
    assert after.accessors == []
    assert again.revoked_count == 0


def test_access_to_an_item_is_kept_per_item(client: Mosaia) -> None:
    items = client.drive_items.under(drive=IDS.drive)

    grant = items.grant_access(IDS.folder, {"agent": IDS.support_agent}, role="CONTRIBUTOR")
    on_folder = items.list_access(IDS.folder).unwrap()
    on_file = items.list_access(IDS.report).unwrap()

    assert grant.unwrap().item_id == IDS.folder
    assert [a.accessor_id for a in on_folder.accessors or ()] == [IDS.support_agent]
    assert on_file.accessors == []


def test_a_file_cannot_be_given_the_contributor_role(client: Mosaia) -> None:
    items = client.drive_items.under(drive=IDS.drive)

    result = items.grant_access(IDS.report, {"user": IDS.alan}, "CONTRIBUTOR")

    assert isinstance(result.failure(), BadRequestError)


@pytest.mark.parametrize(
    ("accessor", "role"),
    [({"user": IDS.grace}, "OWNER"), ({"user": IDS.grace}, "viewer"), ({}, "VIEWER"),
     ({"team": "t1"}, "VIEWER"), ({"user": ""}, "VIEWER"), ("grace", "VIEWER")],
    ids=["unknown-role", "lowercase-role", "no-accessor", "unknown-kind", "empty-id", "text"],
)  # fmt: skip
def test_a_bad_grant_is_refused_and_nothing_is_sent(
    client: Mosaia, sim: Simulator, accessor: Any, role: Any
) -> None:
    before = len(sim.requests)

    result = client.drives.grant_access(IDS.drive, accessor, role)

    assert isinstance(result.failure(), InvalidRequest)
    assert _nothing_sent(sim, before)


def test_actions_on_an_unusable_id_are_refused_and_nothing_is_sent(
    client: Mosaia, sim: Simulator
) -> None:
    before = len(sim.requests)

    results = [
        client.tasks.execute(""),
        client.plans.approve(".."),
        client.triggers.execute("."),
        client.tools.execute("", {}),
        client.vector_indexes.reindex(""),
        client.drives.list_access(""),
        client.drive_items.under(drive=IDS.drive).revoke_access("", {"user": IDS.ada}),
    ]

    assert all(isinstance(r.failure(), InvalidRequest) for r in results)
    assert _nothing_sent(sim, before)


@given(
    kind=st.sampled_from(["user", "org_user", "agent", "client"]),
    who=st.sampled_from([IDS.ada, IDS.grace, "6" * 24]),
    roles=st.lists(st.sampled_from(sorted(ROLE_ACTIONS)), min_size=1, max_size=3),
)
def test_the_last_grant_is_what_a_revoke_takes_away(kind: str, who: str, roles: list[str]) -> None:
    sim = Simulator.with_fixtures()
    local = Mosaia(sim.config(), sim)
    accessor = {kind: who}

    for role in roles:
        local.drives.grant_access(IDS.drive, accessor, role).unwrap()  # type: ignore[arg-type]
    listed = local.drives.list_access(IDS.drive).unwrap()
    revoked = local.drives.revoke_access(IDS.drive, accessor).unwrap()

    assert [(a.accessor_type, a.role) for a in listed.accessors or ()] == [(kind, roles[-1])]
    assert revoked.revoked_count == len(ROLE_ACTIONS[roles[-1]])

"""Today's platform end to end, as a user meets it: every step through the client's groups,
against the simulator served on 127.0.0.1, each answer decoded into its Struct."""

from __future__ import annotations

from mosaia import Mosaia
from mosaia.testing import Simulator
from mosaia.types import Activity, Agent, Drive, DriveItem, Log, Task, VectorIndex


def test_drives_agent_work_search_and_batch_delete(client: Mosaia, sim: Simulator) -> None:
    # Files: a drive, a folder in it, and an index over the folder.
    drive = client.drives.create(name="research").unwrap()
    assert isinstance(drive, Drive)
    assert drive.id
    items = client.drive_items.under(drive=drive.id)
    folder = items.create(name="papers", path="/papers", item_type="FOLDER").unwrap()
    assert isinstance(folder, DriveItem)
    assert folder.item_type == "FOLDER"
    assert folder.id
    index = (
        client.vector_indexes.under(drive=drive.id)
        .create(name="papers", drive=drive.id, folder=folder.id)
        .unwrap()
    )
    assert isinstance(index, VectorIndex)
    assert index.folder == folder.id
    assert [i.id for i in items.get_all().unwrap().items] == [folder.id]

    # Agent work: an agent with a task, a plan, a trigger on the task.
    agent = client.agents.create(name="Librarian", description="files papers").unwrap()
    assert isinstance(agent, Agent)
    assert agent.id
    task = (
        client.tasks.under(agent=agent.id)
        .create(name="file", content="# File\nSort the new papers.", agent=agent.id)
        .unwrap()
    )
    assert isinstance(task, Task)
    assert task.agent == agent.id
    assert task.id
    plan = client.plans.create(name="weekly", content="# Weekly\n1. file", task=task.id).unwrap()
    assert plan.id
    trigger = (
        client.triggers.under(task=task.id)
        .create(name="mondays", type="CRON", task=task.id, config={"cron_expression": "0 9 * * 1"})
        .unwrap()
    )
    assert trigger.config is not None
    assert trigger.config.cron_expression == "0 9 * * 1"
    assert [t.id for t in client.triggers.under(task=task.id).get_all().unwrap().items] == [
        trigger.id
    ]

    # A log with messages and a snapshot of it.
    log = client.logs.under(agent=agent.id).create(name="run 1", agents=[agent.id]).unwrap()
    assert isinstance(log, Log)
    assert log.id
    messages = client.messages.under(log=log.id)
    messages.create(log=log.id, role="user", content="new papers arrived").unwrap()
    messages.create(log=log.id, role="assistant", content="filed 3 papers").unwrap()
    said = [m.content for m in messages.get_all().unwrap().items]
    assert said == ["new papers arrived", "filed 3 papers"]
    snapshot = client.snapshots.under(log=log.id).create(source=log.id, data={"n": 2}).unwrap()
    assert snapshot.source == log.id

    # Search finds what was created; the activity feed saw it happen.
    found = client.search.query("Librarian", search_types=["agent"]).unwrap()
    assert [a.id for a in found.agents or []] == [agent.id]
    feed = client.activities.get_all({"resource": "task"}).unwrap().items
    assert [(a.resource, a.operation, a.resource_id) for a in feed] == [("task", "create", task.id)]
    assert all(isinstance(a, Activity) for a in feed)

    # Batch delete removes them, and says so id by id.
    gone = client.tasks.batch_delete([task.id, "no-such-task"], force=True).unwrap()
    assert gone.deleted == [task.id]
    assert [f.id for f in gone.failed or []] == ["no-such-task"]
    assert client.tasks.under(agent=agent.id).get_all().unwrap().items == []
    assert client.plans.batch_delete([plan.id]).unwrap().deleted == [plan.id]
    assert items.batch_delete([folder.id]).unwrap().deleted == [folder.id]


def test_a_group_under_parents_stacks_prefixes_and_sends_nothing_without_its_parent(
    client: Mosaia, sim: Simulator
) -> None:
    org = client.organizations.create(name="Acme").unwrap()
    agent = client.agents.under(org=org.id).create(name="Clerk", description="d").unwrap()
    tasks = client.tasks.under(agent=agent.id).under(org=org.id)
    task = tasks.create(name="t", content="# t", agent=agent).unwrap()

    assert sim.requests[-1].url.endswith(f"/v1/org/{org.id}/agent/{agent.id}/task")
    assert [t.id for t in tasks.get_all().unwrap().items] == [task.id]

    sent = len(sim.requests)
    refused = client.drive_items.get_all()
    assert "under(drive=" in refused.failure().message
    assert len(sim.requests) == sent

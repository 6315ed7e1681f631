"""Live updates (issue 16, contract 4.8): ``client.watch(path)`` against the served simulator's
relay, which reports every change made through the API; and the pure rules of
:mod:`mosaia.relay` (frames, resumption, backoff) as properties."""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from returns.result import Success

from mosaia import Mosaia, relay
from mosaia.api import activities as activities_api
from mosaia.api import agents, drive_items, drives
from mosaia.config import MosaiaConfig
from mosaia.errors import (
    AuthenticationError,
    DecodeError,
    InvalidRequest,
    NotFoundError,
    TransportError,
)
from mosaia.relay import (
    ENTITIES,
    Backoff,
    Cursor,
    LiveEvent,
    Watch,
    activity,
    drive_items_of,
    entity,
    read_frame,
    relay_request,
    watch_path,
)
from mosaia.sse import ServerEvent
from mosaia.testing import Simulator, SimulatorServer
from mosaia.testing.strategies import activities
from mosaia.types import Activity, Drive, DriveItem
from mosaia.watch import Watcher

FAST = Backoff(first=0.01, cap=0.05)


@pytest.fixture
def other(server: SimulatorServer) -> Mosaia:
    """A second client: the one making the changes the watcher sees."""
    return Mosaia(server.config())


@pytest.fixture
def guard() -> Iterator[list[Watcher[Any]]]:
    """Watchers registered here are closed after 10 s whatever happens: a test that waits for
    an event that never comes fails instead of hanging."""
    watchers: list[Watcher[Any]] = []
    timers: list[threading.Timer] = []

    def close_all() -> None:
        for watcher in watchers:
            watcher.close()

    timer = threading.Timer(10, close_all)
    timer.start()
    timers.append(timer)
    yield watchers
    timer.cancel()
    close_all()


def watch(client: Mosaia, guard: list[Watcher[Any]], path: str | Watch[Any]) -> Iterator[Any]:
    """Start watching ``path``; returns the iterator after its first event, a ``START``."""
    watcher: Watcher[Any] = client.watch(path, backoff=FAST)
    guard.append(watcher)
    events = iter(watcher)
    first = next(events).unwrap()
    assert first.event == "START"
    return events


def updates(events: Iterator[Any], count: int) -> list[Any]:
    """The values of the next ``count`` UPDATE events (STARTs of reconnections skipped)."""
    found: list[Any] = []
    while len(found) < count:
        event = next(events).unwrap()
        if event.event == "UPDATE":
            found.append(event.value)
    return found


def test_the_activity_feed_shows_every_change_made_by_another_client_in_order(
    client: Mosaia, other: Mosaia, guard: list[Watcher[Any]]
) -> None:
    events = watch(client, guard, "/activity")
    drive = other.run(drives.create({"name": "reports"})).unwrap()
    other.run(drives.update(drive.id or "", {"name": "reports-2025"})).unwrap()
    agent = other.run(agents.create({"name": "helper", "description": "helps"})).unwrap()
    other.run(drives.delete(drive.id or "")).unwrap()

    rows = updates(events, 4)

    assert all(isinstance(row, Activity) for row in rows)
    assert [(r.resource, r.operation, r.resource_id) for r in rows] == [
        ("drive", "create", drive.id),
        ("drive", "update", drive.id),
        ("agent", "create", agent.id),
        ("drive", "delete", drive.id),
    ]
    assert rows[1].payload is not None
    assert rows[1].payload["name"] == "reports-2025"


def test_three_dropped_connections_lose_nothing_and_repeat_nothing(
    sim: Simulator, client: Mosaia, other: Mosaia, guard: list[Watcher[Any]]
) -> None:
    sim.relay.drop_after = 2
    sim.relay.drops = 3
    events = watch(client, guard, "/activity")
    made = [other.run(drives.create({"name": f"d{n}"})).unwrap().id for n in range(9)]

    rows = updates(events, 9)

    assert [row.resource_id for row in rows] == made
    assert len({row.id for row in rows}) == 9
    assert sim.relay.drops == 0
    assert sim.relay.connections == 4  # the first connection and three resumptions
    assert guard[0].cursor.connections == 4
    assert guard[0].cursor.last_id == rows[-1].id


def test_a_resumed_watch_announces_itself_with_a_fresh_start(
    sim: Simulator, client: Mosaia, other: Mosaia, guard: list[Watcher[Any]]
) -> None:
    sim.relay.drop_after = 1
    sim.relay.drops = 1
    events = watch(client, guard, "/activity")
    other.run(drives.create({"name": "one"})).unwrap()
    assert next(events).unwrap().event == "UPDATE"
    again = next(events).unwrap()
    assert again.event == "START"
    assert again.resumed
    assert again.start.since == guard[0].cursor.last_id


def test_an_entity_watch_decodes_each_change_into_its_struct(
    client: Mosaia, other: Mosaia, guard: list[Watcher[Any]]
) -> None:
    drive = other.run(drives.create({"name": "shared"})).unwrap()
    unrelated = other.run(drives.create({"name": "unrelated"})).unwrap()
    events = watch(client, guard, entity(drives.resource, drive.id or ""))
    other.run(drives.update(unrelated.id or "", {"name": "ignored"})).unwrap()
    other.run(drives.update(drive.id or "", {"name": "renamed"})).unwrap()

    (changed,) = updates(events, 1)

    assert isinstance(changed, Drive)
    assert (changed.id, changed.name) == (drive.id, "renamed")
    assert watch_path(f"/drive/{drive.id}") == entity(drives.resource, drive.id or "")


def test_a_collection_watch_and_a_drive_items_watch_see_only_their_own(
    client: Mosaia, other: Mosaia, guard: list[Watcher[Any]]
) -> None:
    mine = other.run(drives.create({"name": "mine"})).unwrap()
    theirs = other.run(drives.create({"name": "theirs"})).unwrap()
    items = watch(client, guard, f"/item?drive={mine.id}")
    collection = watch(client, guard, relay.collection(drives.resource))
    other.run(drive_items.resource.under(drive=theirs.id).create({"name": "x.txt"})).unwrap()
    item = other.run(drive_items.resource.under(drive=mine.id).create({"name": "a.txt"})).unwrap()
    other.run(agents.create({"name": "not a drive", "description": "d"})).unwrap()
    third = other.run(drives.create({"name": "third"})).unwrap()

    assert watch_path(f"/item?drive={mine.id}") == drive_items_of(mine.id or "")
    (seen_item,) = updates(items, 1)
    (seen_drive,) = updates(collection, 1)

    assert isinstance(seen_item, DriveItem)
    assert seen_item.id == item.id
    assert isinstance(seen_drive, Drive)
    assert seen_drive.id == third.id


def test_the_token_travels_in_the_query_and_is_masked_everywhere(
    sim: Simulator,
    server: SimulatorServer,
    client: Mosaia,
    other: Mosaia,
    guard: list[Watcher[Any]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sim.relay.drop_after = 1
    sim.relay.drops = 1
    events = watch(client, guard, "/activity")
    other.run(drives.create({"name": "d"})).unwrap()
    updates(events, 1)
    assert next(events).unwrap().resumed  # a drop and its log lines happened

    relay_calls = [r for r in sim.requests if "/sse/" in r.url]
    assert relay_calls
    assert all(f"token={sim.api_key}" in r.url for r in relay_calls)
    assert all("authorization" not in {k.lower() for k, _ in r.headers} for r in relay_calls)
    assert "reconnecting" in caplog.text
    assert sim.api_key not in caplog.text
    assert sim.api_key not in repr(guard[0])

    refused = Mosaia(server.config(api_key="wrong-key-1234")).watch("/activity")
    (failure,) = list(refused)
    error = failure.failure()
    assert isinstance(error, AuthenticationError)
    assert "wrong-key-1234" not in repr(error)


def test_plain_http_to_a_remote_relay_is_refused_before_sending(sim: Simulator) -> None:
    config = sim.config(sse_url="HTTP://relay.example.com")
    (failure,) = list(Mosaia(config, sim).watch("/drive"))
    error = failure.failure()
    assert isinstance(error, InvalidRequest)
    assert "plain http" in error.message
    assert sim.api_key not in error.message
    assert not [r for r in sim.requests if "relay.example.com" in r.url]
    allowed = relay_request(
        watch_path("/drive"), Cursor(), config.replace(allow_insecure_http=True)
    )
    assert isinstance(allowed, Success)


@pytest.mark.parametrize(
    ("value", "named"),
    [("not a url", "sse_url"), (42, "sse_url"), ("https://relay.example.com/?x=1", "sse_url")],
)
def test_a_bad_sse_url_fails_the_first_watch_naming_the_field(value: Any, named: str) -> None:
    config = MosaiaConfig(api_key="k", sse_url=value)  # building it never raises
    result = relay_request(activity(), Cursor(), config)
    error = result.failure()
    assert isinstance(error, InvalidRequest)
    assert named in error.message


def test_sse_url_defaults_to_the_platform_relay_and_reads_the_environment() -> None:
    assert MosaiaConfig().sse_url == "https://sse.mosaia.ai"
    config = MosaiaConfig.from_env({"MOSAIA_SSE_URL": "https://relay.internal"})
    assert config.sse_url == "https://relay.internal"
    request = relay_request(watch_path("/drive"), Cursor(), config.replace(api_key="k1")).unwrap()
    assert request.url == "https://relay.internal/v1/drive?token=k1"


def test_closing_from_another_thread_ends_a_blocked_read_within_a_second(
    client: Mosaia, guard: list[Watcher[Any]]
) -> None:
    events = watch(client, guard, "/activity")
    threading.Timer(0.2, guard[0].close).start()
    started = time.monotonic()
    rest = list(events)  # blocks until closed: nothing changes meanwhile
    assert rest == []
    assert time.monotonic() - started < 1.2


def test_async_watch_sees_changes_and_leaving_after_cancel_closes_it(
    client: Mosaia, other: Mosaia
) -> None:
    async def main() -> tuple[list[str | None], float, bool]:
        seen: list[str | None] = []
        async with client.awatch("/activity", backoff=FAST) as events:
            async for result in events:
                event = result.unwrap()
                if event.event == "START":
                    await asyncio.to_thread(other.run, drives.create({"name": "async"}))
                else:
                    assert isinstance(event.value, Activity)
                    seen.append(event.value.resource)
                    break

        watcher = client.awatch("/activity", backoff=FAST)

        async def forever() -> None:
            async with watcher as stream:
                async for _ in stream:
                    pass

        task = asyncio.create_task(forever())
        await asyncio.sleep(0.3)  # the worker thread is now blocked reading the idle relay
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return seen, time.monotonic(), watcher.closed

    # asyncio.run waits for its worker threads: it returns late if the read was left blocked.
    seen, cancelled, closed = asyncio.run(main())
    assert seen == ["drive"]
    assert closed
    assert time.monotonic() - cancelled < 1.2


@pytest.mark.parametrize(
    "target",
    [
        "/nothing",
        "drive",
        "/drive/d1/item",
        "/item",
        drive_items_of(""),
        entity(drives.resource, ".."),
        relay.collection(drive_items.resource),  # items exist only below a drive
    ],
)
def test_what_cannot_be_watched_is_refused_without_sending(
    sim: Simulator, client: Mosaia, target: str | Watch[Any]
) -> None:
    (failure,) = list(client.watch(target))
    assert isinstance(failure.failure(), InvalidRequest)
    assert not [r for r in sim.requests if "/sse/" in r.url]


def test_the_relay_refuses_an_unknown_entity_and_the_watch_ends(client: Mosaia) -> None:
    (failure,) = list(client.watch("/drive/650000000000000000000fff", backoff=FAST))
    assert isinstance(failure.failure(), NotFoundError)


# --- the pure rules ---------------------------------------------------------------------------


def frame(event: str, data: Any) -> ServerEvent:
    return ServerEvent(data=msgspec.json.encode({"event": event, "data": data}).decode())


@given(activities())
def test_a_payload_decodes_the_same_whether_sent_as_text_or_as_an_object(row: Activity) -> None:
    row = msgspec.structs.replace(row, id="row-1")  # a row with no field at all is no row
    as_text = frame("UPDATE", msgspec.json.encode(row).decode())
    as_object = frame("UPDATE", msgspec.to_builtins(row))
    _, first = read_frame(as_text, activity(), Cursor())
    _, second = read_frame(as_object, activity(), Cursor())
    assert isinstance(first, LiveEvent)
    assert first == second
    assert first.value == msgspec.convert(msgspec.to_builtins(row), Activity)


@given(st.lists(st.sampled_from(["a1", "a2", "a3", "a4"]), max_size=12))
def test_the_feed_hands_over_each_activity_once_and_resumes_after_the_last(ids: list[str]) -> None:
    cursor = Cursor()
    handed: list[str] = []
    for id in ids:
        cursor, found = read_frame(frame("UPDATE", {"id": id}), activity(), cursor)
        if isinstance(found, LiveEvent):
            assert isinstance(found.value, Activity)
            handed.append(found.value.id or "")
    assert handed == list(dict.fromkeys(ids))
    assert cursor.last_id == (handed[-1] if handed else None)
    if handed:
        config = MosaiaConfig(api_key="k")
        url = relay_request(activity(since="old"), cursor, config).unwrap().url
        assert f"since={handed[-1]}" in url
        assert "since=old" not in url


def test_other_events_and_other_frames_are_ignored() -> None:
    for event in (frame("PING", {}), ServerEvent(data="{}", event="other")):
        cursor, found = read_frame(event, activity(), Cursor())
        assert found is None
        assert cursor == Cursor()
    _, broken = read_frame(ServerEvent(data="not json"), activity(), Cursor())
    assert isinstance(broken, DecodeError)


@given(
    st.floats(0.001, 5),
    st.floats(1, 4),
    st.floats(0.01, 60),
    st.integers(1, 200),
)
def test_the_backoff_grows_up_to_its_cap(first: float, factor: float, cap: float, n: int) -> None:
    backoff = Backoff(first=first, factor=factor, cap=cap)
    assert backoff.delay(0) == 0
    assert backoff.delay(1) == min(first, cap)
    assert backoff.delay(n) <= backoff.delay(n + 1) <= cap


def test_a_watch_gives_up_after_its_attempts(sim: Simulator) -> None:
    # Nothing listens on the discard port; the transport's own retries are off to keep it quick.
    config = sim.config(sse_url="http://127.0.0.1:9", max_retries=0)
    started = time.monotonic()
    results = list(Mosaia(config).watch("/drive", backoff=Backoff(first=0.01, attempts=3)))
    assert len(results) == 1
    error = results[0].failure()
    assert isinstance(error, TransportError)
    assert error.code == "connect_error"
    assert error.url == "http://127.0.0.1:9/v1/drive?token=%2A%2A%2A"
    assert time.monotonic() - started < 5


@settings(max_examples=8, deadline=None)
@given(
    drop_after=st.integers(1, 3),
    drops=st.integers(0, 3),
    changes=st.integers(1, 6),
)
def test_whatever_the_drops_each_change_is_seen_once_in_order(
    drop_after: int, drops: int, changes: int
) -> None:
    sim = Simulator()
    sim.relay.drop_after, sim.relay.drops = drop_after, drops
    with SimulatorServer(sim) as server:
        watcher = Mosaia(server.config()).watch(activity(), backoff=FAST)
        guard = threading.Timer(10, watcher.close)
        guard.start()
        try:
            events = iter(watcher)
            next(events)  # START
            writer = Mosaia(server.config())
            made = [
                writer.run(drives.create({"name": f"d{n}"})).unwrap().id for n in range(changes)
            ]
            seen = [row.resource_id for row in updates(events, changes)]
        finally:
            guard.cancel()
            watcher.close()
    assert seen == made


def test_the_in_process_relay_replays_what_is_there_then_ends(local: Mosaia) -> None:
    first = local.run(drives.create({"name": "first"})).unwrap()
    second = local.run(drives.create({"name": "second"})).unwrap()
    rows = local.run(activities_api.get_all()).unwrap().items
    before = next(row.id for row in rows if row.resource_id == first.id)
    with local.watch(activity(since=before), backoff=FAST) as watcher:
        events = iter(watcher)
        assert next(events).unwrap().event == "START"
        (row,) = updates(events, 1)
        assert row.resource_id == second.id
        again = next(events).unwrap()  # the in-process stream ended: resumed from `row`
    assert again.resumed
    assert again.start.since == row.id


@given(st.one_of(st.text(), st.text().map(lambda text: "/" + text)))
def test_any_path_is_watched_or_refused_and_nothing_raises(path: str) -> None:
    sim = Simulator()
    client = Mosaia(sim.config(), sim)
    results = list(client.watch(path, backoff=Backoff(first=0, attempts=1)))
    # With one attempt allowed, every watch ends in one Failure: refused, or its stream ended.
    assert not isinstance(results[-1], Success)
    assert all(isinstance(r.unwrap(), LiveEvent) for r in results[:-1])


def test_the_relay_decodes_each_collection_into_the_entity_its_builders_declare() -> None:
    watched = [
        "activities",
        "agents",
        "apps",
        "drive_items",
        "drives",
        "logs",
        "models",
        "plans",
        "tasks",
        "tools",
        "triggers",
        "vector_indexes",
    ]
    declared = [importlib.import_module(f"mosaia.api.{name}") for name in watched]
    assert {m.resource.path: m.resource.entity for m in declared} == ENTITIES

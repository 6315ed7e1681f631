"""The live-update relay (contract section 4.8), simulated: ``GET /sse/v{version}{path}`` with
``token=`` in the query streams a ``START`` frame, then an ``UPDATE`` for every change made
through the API from then on (or, for the activity feed with ``since=``, from that row on).

The changes are the simulator's own activity rows (recorded for every create, update and delete
of the audited collections: agents, drives, drive items, plans, tasks, triggers, vector
indexes), so the relay and ``GET /activity`` can never disagree. Paths: a collection
(``/drive``), an entity (``/drive/{id}``), a drive's items (``/item?drive={id}``) and
``/activity``. Frames are double-encoded as the platform sends them (the ``UPDATE`` payload is
JSON text inside the JSON frame; the ``START`` payload an object), and a ``PING`` frame of no
meaning follows each ``START``, as clients must ignore other events.

Served, the stream stays open: it polls the activity rows and sends ``: ping`` comments while
idle (a write to a gone client is how its end is noticed). In-process (``sim.open``) it sends
what is there and ends. :class:`RelayKnobs` (``sim.relay``) make it drop connections.

A :class:`~mosaia.testing.SimulatorServer` config points ``sse_url`` at ``{url}/sse``.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._answers import error_answer
from mosaia.testing._sim.crud import ACTIVITY
from mosaia.testing._sim.routing import Params, Route, SimRequest
from mosaia.testing._sim.store import Doc, ref_id
from mosaia.testing._sim.world import World

#: The header that hands a watch from the route (run under the lock) to the stream's pieces.
RELAY_HEADER = "X-Simulator-Relay"
#: The prefix the relay is served under, below the simulator's origin.
PREFIX = "/sse"


@dataclass
class RelayKnobs:
    """How the simulated relay behaves: ``drops`` connections (the next ones opened) are cut
    right after their ``drop_after``-th ``UPDATE``; ``ping`` is the seconds between keep-alive
    comments, ``poll`` between looks at the activity rows. ``connections`` counts the streams
    opened (for assertions)."""

    drop_after: int | None = None
    drops: int = 0
    ping: float = 0.25
    poll: float = 0.01
    connections: int = 0
    pending: dict[str, Tail] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Tail:
    """One watch: where in the activity rows it starts, which rows it wants, what it sends."""

    position: int
    resource: str | None  # the entity kind watched; None for the activity feed
    resource_id: str | None = None
    drive: str | None = None
    start: dict[str, Any] = field(default_factory=dict)

    def wants(self, row: Doc) -> bool:
        """Whether ``row`` is a change this watch reports."""
        if self.resource is None:
            return True
        if row.get("resource") != self.resource:
            return False
        if self.resource_id is not None and row.get("resource_id") != self.resource_id:
            return False
        payload = row.get("payload") or {}
        return self.drive is None or ref_id(payload.get("drive")) == self.drive

    def payload(self, row: Doc) -> Any:
        """What an ``UPDATE`` of ``row`` carries: the row itself on the feed, else the entity."""
        return row if self.resource is None else row.get("payload")


_KNOBS: weakref.WeakKeyDictionary[World, RelayKnobs] = weakref.WeakKeyDictionary()


def knobs(sim: World) -> RelayKnobs:
    """The relay knobs of ``sim`` (made on first use)."""
    with sim.lock:
        found = _KNOBS.get(sim)
        if found is None:
            found = _KNOBS[sim] = RelayKnobs()
        return found


def _rows(sim: World) -> list[Doc]:
    # Activity rows are only ever appended: a row's index is a stable position.
    return list(sim.collection(ACTIVITY).docs.values())


def open_watch(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """GET ``/sse/{version}/{collection}[/{id}]``: check the query token and the path, note
    where the watch starts, and answer the stream's head (its pieces come from :func:`live`)."""
    tokens = request.query.get("token") or []
    token = tokens[-1] if tokens else None
    if not sim.token_valid(token):
        return error_answer(401, code="UNAUTHORIZED", message="missing or invalid token")
    if params["version"] != f"v{getattr(sim, 'version', '1')}":
        return error_answer(404, code="ROUTE_NOT_FOUND", message=f"no relay at {request.path}")
    collection, id = params["collection"], params.get("id")
    rows = _rows(sim)
    query = {k: v[-1] for k, v in request.query.items()}
    if collection == "activity" and id is None:
        since = query.get("since")
        ids = [row["id"] for row in rows]
        position = ids.index(since) + 1 if since in ids else (0 if since else len(rows))
        audited = sorted(c.spec.entity for c in sim.collections.values() if c.spec.audited)
        start = {"feed": "activity", "scope": "user:simulator", "collections": audited}
        if since:
            start["since"] = since
        tail = Tail(position, None, start=start)
    else:
        path = "/drive/{drive}/item" if collection == "item" else f"/{collection}"
        found = sim.collections.get(path)
        if found is None or not found.spec.audited:
            message = f"{collection!r} cannot be watched"
            return error_answer(404, code="ROUTE_NOT_FOUND", message=message)
        drive = query.get("drive") if collection == "item" and id is None else None
        if collection == "item" and id is None and not drive:
            return error_answer(400, code="INVALID_QUERY", message="watching items needs drive=")
        if id is not None and id not in found.docs:
            message = f"{found.spec.entity} {id!r} not found"
            return error_answer(404, code=f"{found.spec.entity.upper()}_NOT_FOUND", message=message)
        start = {"path": request.path.removeprefix(PREFIX), "collection": found.spec.entity}
        tail = Tail(len(rows), found.spec.entity, id, drive, start)
    relay = knobs(sim)
    relay.connections += 1
    key = f"watch-{relay.connections}"
    relay.pending[key] = tail
    headers = (("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"))
    return HttpResponse(200, (*headers, (RELAY_HEADER, key)), b"")


def _frame(event: str, data: Any) -> bytes:
    body = msgspec.json.encode({"event": event, "data": data})
    return b"data: " + body + b"\n\n"


def _frames(sim: World, key: str, live: bool) -> Iterator[bytes | None]:
    # The stream's pieces; None where the connection is to be dropped.
    relay = knobs(sim)
    with sim.lock:
        tail = relay.pending.pop(key, None)
        limit = relay.drop_after if relay.drops > 0 else None
        if limit is not None:
            relay.drops -= 1
    if tail is None:
        return
    yield _frame("START", tail.start)
    yield _frame("PING", {})
    position, sent, quiet_since = tail.position, 0, time.monotonic()
    while True:
        with sim.lock:
            rows = _rows(sim)[position:]
        for row in rows:
            position += 1
            if not tail.wants(row):
                continue
            yield _frame("UPDATE", msgspec.json.encode(tail.payload(row)).decode())
            sent += 1
            quiet_since = time.monotonic()
            if limit is not None and sent >= limit:
                yield None
                return
        if not live:
            return
        if time.monotonic() - quiet_since >= relay.ping:
            yield b": ping\n\n"
            quiet_since = time.monotonic()
        time.sleep(relay.poll)


def live(sim: World, key: str) -> Iterator[bytes]:
    """The served stream of watch ``key``: endless; a drop raises ``ConnectionAbortedError``,
    which the server takes for a connection lost mid-answer (it closes the socket with the
    chunked body unfinished, as a dying relay does)."""
    for piece in _frames(sim, key, live=True):
        if piece is None:
            raise ConnectionAbortedError("simulated relay drop")
        yield piece


def replay(sim: World, key: str) -> tuple[list[bytes], bool]:
    """The in-process stream of watch ``key``: what is there now, and whether it was dropped."""
    pieces: list[bytes] = []
    for piece in _frames(sim, key, live=False):
        if piece is None:
            return pieces, True
        pieces.append(piece)
    return pieces, False


ROUTES = (
    Route("GET", PREFIX + "/{version}/{collection}", open_watch, public=True),
    Route("GET", PREFIX + "/{version}/{collection}/{id}", open_watch, public=True),
)

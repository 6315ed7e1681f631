"""Live updates, purely: what to watch, the relay request, the frames decoded, and how a watch
resumes after its connection drops (contract section 4.8).

The relay is a Server-Sent Events host of its own (``{sse_url}/v{version}``). A watch names a
path: a collection (``/drive``), one entity (``/drive/{id}``), a drive's items
(``/item?drive={id}``) or the activity feed (``/activity``, optionally ``since={activity id}``).
Each frame's ``data`` is JSON ``{"event": "START" | "UPDATE", "data": <payload>}`` whose payload
is usually JSON text to decode a second time (sometimes already an object); other events are
ignored.

This module decides, and :mod:`mosaia.watch` acts: :func:`relay_request` builds the request
(the token travels in the query, as the relay requires; :func:`~mosaia._redact.redact_url`
masks it wherever the URL is shown), :func:`read_frame` turns one event into a typed
:class:`LiveEvent` and the next :class:`Cursor`, and :class:`Backoff` is the reconnection
schedule (the jitter is drawn by the shell). The activity feed resumes from the last row seen
(``since=``) and drops any row seen already, so a watcher loses nothing and sees nothing twice.
No I/O, clocks or randomness here.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia._types.answers import RelayEvent
from mosaia._types.drives import Drive, DriveItem, VectorIndex
from mosaia._types.entities import Agent, App, Model, Tool
from mosaia._types.work import Activity, Log, Plan, Task, Trigger
from mosaia.api._crud import Resource
from mosaia.config import USER_AGENT, MosaiaConfig, config_problem, is_loopback
from mosaia.decode import decode_as
from mosaia.errors import (
    ApiError,
    DecodeError,
    InvalidRequest,
    MosaiaError,
    TimeoutError,
    TransportError,
)
from mosaia.http import EVENT_STREAM, HttpRequest, HttpResponse, Timeout
from mosaia.request import segment_problem
from mosaia.sse import ServerEvent

__all__ = [
    "Backoff",
    "Cursor",
    "LiveEvent",
    "Watch",
    "activity",
    "collection",
    "drive_items_of",
    "entity",
    "quiet",
    "read_frame",
    "relay_request",
    "resumable",
    "watch_path",
]

T = TypeVar("T")
E = TypeVar("E")

#: The entity each watched collection's frames decode into, by path. The same pairs as the
#: collections' declarations in mosaia.api (a test holds them equal), named here so that
#: importing the relay does not load every builder module.
ENTITIES: dict[str, type[Any]] = {
    "/activity": Activity,
    "/agent": Agent,
    "/app": App,
    "/item": DriveItem,
    "/drive": Drive,
    "/log": Log,
    "/model": Model,
    "/plan": Plan,
    "/task": Task,
    "/tool": Tool,
    "/trigger": Trigger,
    "/index": VectorIndex,
}

#: How many activity ids a cursor remembers to drop repeats (a replay overlapping what was
#: seen); resumption by ``since=`` makes repeats rare, this is the safety net.
SEEN_LIMIT = 512


class Watch(msgspec.Struct, Generic[T], frozen=True):
    """What to watch: a relay ``path`` (below ``/v{version}``), its ``query`` and the registry
    name of the Struct ``T`` its ``UPDATE`` frames decode into. Build one with
    :func:`collection`, :func:`entity`, :func:`drive_items_of`, :func:`activity` (typed) or
    :func:`watch_path` (from a path string); ``problem`` says why it cannot be watched."""

    path: str
    item: str
    query: tuple[tuple[str, str], ...] = ()
    problem: str | None = None

    @property
    def feed(self) -> bool:
        """Whether this is the activity feed, which resumes from the last row seen."""
        return self.path == "/activity"


def watch_path(path: str) -> Watch[Any]:
    """The watch for a relay path as the platform spells it: ``/drive``, ``/drive/{id}``,
    ``/item?drive={id}``, ``/activity`` or ``/activity?since={id}``. Never raises: a path of
    an unknown collection is a watch carrying its ``problem``."""
    if not isinstance(path, str) or not path.startswith("/"):
        return Watch("/", "Activity", problem=f"watch path must start with '/', got {path!r}")
    try:
        path.encode("utf-8")
        parts = urlsplit(path)
    except ValueError:  # a lone surrogate, or a netloc urllib cannot split
        return Watch("/", "Activity", problem="watch path is not text a URL can carry")
    segments = [s for s in parts.path.split("/") if s]
    query = tuple(parse_qsl(parts.query, keep_blank_values=True))
    base = "/" + segments[0] if segments else "/"
    found = ENTITIES.get(base)
    problem: str | None = None
    if found is None:
        known = ", ".join(sorted(ENTITIES))
        problem = f"watch path {path!r} names no watchable collection (one of {known})"
    elif len(segments) > 2:
        problem = f"watch path {path!r}: watch a collection or one entity, not deeper"
    elif base == "/item" and len(segments) == 1 and not dict(query).get("drive"):
        problem = "watch path '/item' needs the drive: '/item?drive={id}'"
    name = found.__name__ if found is not None else "Activity"
    return Watch(quote("/" + "/".join(segments), safe="/"), name, query, problem)


def activity(since: str | None = None) -> Watch[Activity]:
    """The activity feed; with ``since``, the rows newer than that activity id first."""
    return Watch("/activity", "Activity", (("since", since),) if since else ())


def drive_items_of(drive: str) -> Watch[DriveItem]:
    """The items of one drive (``/item?drive={id}``)."""
    problem = segment_problem(drive, "drive")
    return Watch("/item", "DriveItem", (("drive", str(drive)),), problem)


def collection(resource: Resource[E]) -> Watch[E]:
    """Every change in a top-level collection: ``collection(drives.resource)`` watches
    ``/drive`` and yields :class:`~mosaia._types.Drive` values."""
    watch = watch_path(resource.path)
    return Watch(watch.path, resource.entity.__name__, problem=resource.problem or watch.problem)


def entity(resource: Resource[E], id: str) -> Watch[E]:
    """The changes of one entity: ``entity(drives.resource, "d1")`` watches ``/drive/d1``."""
    problem = resource.problem or segment_problem(id, "id")
    watch = watch_path(f"{resource.path}/{id}" if problem is None else resource.path)
    return Watch(watch.path, resource.entity.__name__, problem=problem or watch.problem)


class LiveEvent(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    """One event of a watch. ``event`` is ``"START"`` (once per connection: ``start`` holds the
    relay's start info, an :class:`~mosaia._types.ActivityFeedStart` for the activity feed;
    ``resumed`` is true after a reconnection, when a collection or entity watch may have
    missed changes the relay does not replay) or ``"UPDATE"`` (``value`` is the changed
    entity, or the :class:`~mosaia._types.Activity` row for the feed)."""

    event: Literal["START", "UPDATE"]
    value: T | None = None
    start: Any = None
    resumed: bool = False


class Cursor(msgspec.Struct, frozen=True):
    """Where a watch stands: the last activity id seen (what ``since=`` resumes from), the
    recent ids seen (repeats are dropped), how many connections were opened and how many
    attempts in a row have failed (what :class:`Backoff` counts)."""

    last_id: str | None = None
    seen: tuple[str, ...] = ()
    connections: int = 0
    failures: int = 0

    def connected(self) -> Cursor:
        """The cursor once a connection is open."""
        return msgspec.structs.replace(self, connections=self.connections + 1)

    def failed(self) -> Cursor:
        """The cursor after a failed attempt or a dropped connection."""
        return msgspec.structs.replace(self, failures=self.failures + 1)


class Backoff(msgspec.Struct, frozen=True, kw_only=True):
    """The reconnection schedule: ``first`` seconds after the first failure, times ``factor``
    after each further one in a row, at most ``cap``; ``attempts`` failures in a row end the
    watch (``None``: never give up). The shell waits a random time between half of
    :meth:`delay` and all of it (jitter, so many watchers do not reconnect in step); an event
    received resets the count."""

    first: float = 0.5
    factor: float = 2.0
    cap: float = 30.0
    attempts: int | None = None

    def delay(self, failures: int) -> float:
        """The longest wait before reconnecting after ``failures`` failures in a row."""
        if failures <= 0:
            return 0.0
        exponent = min(failures - 1, 64)  # beyond that the cap has long been reached
        return float(min(self.cap, self.first * self.factor**exponent))

    def exhausted(self, failures: int) -> bool:
        """Whether ``failures`` in a row are enough to give up."""
        return self.attempts is not None and failures >= self.attempts


def backoff_problem(backoff: object) -> str | None:
    """Why ``backoff`` cannot be used, or ``None``."""
    if not isinstance(backoff, Backoff):
        return f"backoff must be a Backoff, got {type(backoff).__name__}"
    for name in ("first", "factor", "cap"):
        value = getattr(backoff, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            return f"backoff.{name} must be a number >= 0, got {value!r}"
    if backoff.attempts is not None and (
        isinstance(backoff.attempts, bool)
        or not isinstance(backoff.attempts, int)
        or backoff.attempts < 1
    ):
        return f"backoff.attempts must be a whole number >= 1 or None, got {backoff.attempts!r}"
    return None


def relay_request(
    watch: Watch[Any], cursor: Cursor, config: MosaiaConfig
) -> Result[HttpRequest, InvalidRequest]:
    """The request that opens (or resumes) ``watch``: ``GET {sse_url}/v{version}{path}`` with
    the watch's query, ``since=`` the last activity seen when resuming the feed, and the
    config's token as ``token=``. Refused, naming the field: an unusable watch or config, an
    ``sse_url`` that is not an absolute http(s) URL, and a token over plain http to a host
    other than loopback unless ``allow_insecure_http``."""
    problem = watch.problem or config_problem(config) or _sse_problem(config.sse_url)
    if problem is not None:
        return Failure(InvalidRequest(message=problem))
    parts = urlsplit(config.sse_url)
    host = parts.hostname or ""
    token = config.api_key
    if (
        token
        and parts.scheme == "http"
        and not config.allow_insecure_http
        and not is_loopback(host)
    ):
        return Failure(
            InvalidRequest(
                message=(
                    f"refusing to send the token over plain http to {host!r} (sse_url); use "
                    "https, or set allow_insecure_http=True if you really mean it"
                )
            )
        )
    query = [(k, v) for k, v in watch.query if not (watch.feed and k == "since" and cursor.last_id)]
    if watch.feed and cursor.last_id:
        query.append(("since", cursor.last_id))
    if token:
        query.append(("token", token))
    url = f"{config.sse_url.rstrip('/')}/v{config.version}{watch.path}"
    if query:
        try:
            url += "?" + urlencode(query, quote_via=quote)
        except (TypeError, ValueError):  # never quote the values: one of them is the token
            return Failure(InvalidRequest(message="watch query is not text a URL can carry"))
    timeout = Timeout.of(config.timeout)
    return Success(
        HttpRequest(
            method="GET",
            url=url,
            headers=(("Accept", EVENT_STREAM), ("User-Agent", USER_AGENT)),
            timeout=timeout,
            max_body=config.max_response_bytes,
        )
    )


def _sse_problem(sse_url: object) -> str | None:
    if not isinstance(sse_url, str):
        return f"sse_url must be a string, got {type(sse_url).__name__}"
    shown = redact_url(sse_url)
    try:
        parts = urlsplit(sse_url)
        parts.port  # noqa: B018 - a port out of range or not a number raises here
    except ValueError:
        return f"sse_url {shown!r} is not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"sse_url must be an absolute http(s) URL, got {shown!r}"
    if parts.query or parts.fragment or "@" in parts.netloc:
        return f"sse_url must not carry a query, fragment or credentials, got {shown!r}"
    if any(ch.isspace() or ord(ch) < 0x20 for ch in sse_url) or not sse_url.isascii():
        return "sse_url contains whitespace, control characters or non-ASCII text"
    return None


def read_frame(
    event: ServerEvent, watch: Watch[T], cursor: Cursor
) -> tuple[Cursor, LiveEvent[T] | MosaiaError | None]:
    """What one relay event means for ``watch``: the next cursor and the :class:`LiveEvent`
    to hand over, or ``None`` (an event of another kind, an activity row seen already), or the
    :class:`~mosaia.errors.DecodeError` of a frame that does not decode (the watch goes on)."""
    if event.event not in ("message", ""):
        return cursor, None
    try:
        frame = msgspec.json.decode(event.data, type=RelayEvent)
    except (msgspec.DecodeError, RecursionError) as exc:
        return cursor, _frame_error(f"relay frame is not JSON: {exc}")
    if frame.event == "START":
        start = _payload(frame.data, "ActivityFeedStart" if watch.feed else None)
        info = start.value_or(None) if isinstance(start, Success) else None
        resumed = cursor.connections > 1
        return cursor, LiveEvent(event="START", start=info, resumed=resumed)
    if frame.event != "UPDATE":
        return cursor, None
    decoded = _payload(frame.data, watch.item)
    if not isinstance(decoded, Success):
        return cursor, decoded.failure()
    value = decoded.unwrap()
    cursor = msgspec.structs.replace(cursor, failures=0)
    if watch.feed:
        row_id = getattr(value, "id", None)
        if isinstance(row_id, str):
            if row_id in cursor.seen:
                return cursor, None
            seen = (*cursor.seen, row_id)[-SEEN_LIMIT:]
            cursor = msgspec.structs.replace(cursor, last_id=row_id, seen=seen)
    return cursor, LiveEvent(event="UPDATE", value=value)


def _payload(data: Any, item: str | None) -> Result[Any, MosaiaError]:
    # The payload is usually JSON text (decode it a second time), sometimes an object already.
    if item is None:
        if isinstance(data, str):
            try:
                return Success(msgspec.json.decode(data))
            except msgspec.DecodeError:
                return Success(data)
        return Success(data)
    body = data.encode("utf-8") if isinstance(data, str) else msgspec.json.encode(data)
    return decode_as(HttpResponse(status=200, body=body), "bare", item)


def _frame_error(message: str) -> MosaiaError:
    return DecodeError(message=message, expected="relay frame")


def quiet(error: MosaiaError) -> bool:
    """Whether ``error`` only says the relay was quiet for longer than the ``idle`` timeout:
    the connection was healthy, so reconnecting at once is no failure to back off from."""
    return isinstance(error, TimeoutError) and error.phase == "idle"


def resumable(error: MosaiaError) -> bool:
    """Whether a watch that failed with ``error`` should reconnect: a broken or refused
    connection, a timeout (an idle relay included), a rate limit or a server error. A refusal
    that would recur (bad token, unknown path, an invalid request) ends the watch."""
    if isinstance(error, TransportError | TimeoutError):
        return True
    return isinstance(error, ApiError) and (error.status == 429 or error.status >= 500)

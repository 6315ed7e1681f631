"""The simulator's engine: parse a request, authenticate it, route it, answer it.

A :class:`Simulator` is an in-memory, stateful Mosaia. It is an executor (``sim.send``), so a
client can use it in-process with no sockets at all, and :mod:`mosaia.testing.server` serves the
same object over real HTTP on loopback.

Its routes are one explicit table, built here from the feature modules' route tuples: the
collections' CRUD (:mod:`~mosaia.testing._sim.resources`), auth
(:mod:`~mosaia.testing._sim.auth_routes`) and chat (:mod:`~mosaia.testing._sim.chat`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.config import MosaiaConfig
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import StreamingResponse
from mosaia.executors._bodies import (
    SourceChanged,
    source_failure,
    streamed_chunks,
    streamed_problem,
)
from mosaia.executors._streaming import MemoryStream, cut_failure
from mosaia.http import HttpRequest, HttpResponse, Streamed
from mosaia.testing._answers import error_answer
from mosaia.testing._sim import (
    access,
    auth_routes,
    chat,
    operations,
    relay,
    resources,
    storage,
    work,
)
from mosaia.testing._sim.faults import Faults, FaultState, dropped, is_dropped
from mosaia.testing._sim.fixtures import seed
from mosaia.testing._sim.forms import Form, read_form
from mosaia.testing._sim.routing import RouteTable, SimRequest
from mosaia.testing._sim.world import World

DEFAULT_API_KEY = "sim-" + "0" * 8 + "-local-key"

#: Every route the simulator answers.
#: The collections' CRUD routes, with what the platform also serves at some of them: a drive's
#: item creation taking an announce of files, an index's GET answering a search.
CRUD_ROUTES = storage.with_announce(work.serving(resources.ROUTES))

ROUTES = RouteTable(
    CRUD_ROUTES,
    operations.ROUTES,
    auth_routes.ROUTES,
    chat.ROUTES,
    work.ROUTES,
    access.ROUTES,
    relay.ROUTES,
    storage.ROUTES,
)


class Simulator(World):
    """An in-memory Mosaia that answers as ``shared/api/platform-2026.md`` says the platform
    does today (and still accepts what ``mosaia-api.md`` of July 2025 describes).

    ``api_key`` is the key it accepts (``sim.api_key``; a fixed default if not given).
    ``clock`` returns epoch seconds; pass a fake one to test expiry. ``faults`` make it
    misbehave (slow, flaky, rate-limited; see :class:`~mosaia.testing.Faults`). Thread-safe: the
    served simulator handles concurrent requests under one lock."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        version: str = "1",
        clock: Callable[[], float] = time.time,
        faults: Faults | None = None,
    ) -> None:
        super().__init__(api_key=api_key, clock=clock, collections=resources.COLLECTIONS)
        self.version = version
        #: Every request received, in order (secrets included: this is your own test double).
        #: A form served over HTTP is read as it arrives: its request here has no body (see
        #: :attr:`forms`).
        self.requests: list[HttpRequest] = []
        #: Every ``multipart/form-data`` body received, as read: each part's name, filename,
        #: type, byte count and first megabyte (what an announce carried, say).
        self.forms: list[Form] = []
        self.faults = faults if faults is not None else Faults()

    # --- the executor face -----------------------------------------------------------------

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Answer ``request`` in-process: the simulator as an executor. The faults' latency is
        slept first (:meth:`pause`); a dropped connection (``Faults.drop_rate``) is
        ``Failure(TransportError)``. A streamed body is read here, as an executor sends it:
        its files from disk, piece by piece, failing as the executor does when one is gone or
        resized since the call was built."""
        self.pause()
        form = None
        if isinstance(request.body, Streamed):
            read = self._read_streamed(request, request.body)
            if isinstance(read, TransportError):
                return Failure(read)
            request, form = read
        response = self.handle(request, form=form)
        return Failure(dropped(request.url)) if is_dropped(response) else Success(response)

    def _read_streamed(
        self, request: HttpRequest, body: Streamed
    ) -> tuple[HttpRequest, Form | None] | TransportError:
        # A form is read as the served simulator reads one from its socket; any other
        # streamed body becomes the bytes it streams, for the handlers to read.
        url = redact_url(request.url)
        problem = streamed_problem(body)
        if problem is not None:
            return source_failure(problem, url)
        content_type = request.header("content-type") or ""
        try:
            if content_type.startswith("multipart/form-data"):
                return request, read_form(streamed_chunks(body), content_type)
            whole = b"".join(streamed_chunks(body))
        except SourceChanged as exc:
            return source_failure(str(exc), url)
        return msgspec.structs.replace(request, body=whole), None

    def config(self, **overrides: Any) -> MosaiaConfig:
        """A config for using this simulator in-process (``Mosaia(sim.config(), sim)``)."""
        values: dict[str, Any] = {
            "api_key": self.api_key,
            "base_url": "https://simulator.invalid",
            "sse_url": "https://simulator.invalid" + relay.PREFIX,
        }
        values.update(overrides)
        return MosaiaConfig(**values)

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Answer ``request`` in-process as a stream, one piece per event: the simulator as a
        streaming executor (``client.stream(...)`` works without sockets)."""
        sent = self.send(request)
        if not isinstance(sent, Success):
            return Failure(sent.failure())
        response = sent.unwrap()
        pieces, cut = self.stream_pieces(response, live=False)
        failure = cut_failure(request.url) if cut else None
        return Success(MemoryStream(response.status, response.headers, pieces, failure))

    # --- faults and fixtures ----------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The fault knobs in force (see :class:`~mosaia.testing.Faults`): the one place the
        simulator's latency, failures and cut streams are set. Setting new ones reseeds the
        simulator's random source; ``sim.faults = sim.faults.replace(latency=0.05)`` changes
        one knob."""
        return self._faults.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        with self.lock:
            self._faults = FaultState(faults)

    def pause(self) -> None:
        """Sleep the latency the faults ask for, before an answer: called by each shell (the
        in-process :meth:`send` and the served server) outside the simulator's lock, so
        concurrent requests overlap as they would against a real server."""
        latency = self.faults.latency
        if latency > 0:
            time.sleep(latency)

    @classmethod
    def with_fixtures(cls, **options: Any) -> Simulator:
        """A simulator (made with ``options``) seeded with a small realistic world: an org and
        its members, agents, a group, models, a client, an app with a bot, tools, a wallet,
        meters, policies and permissions. Ids: :data:`mosaia.testing._sim.fixtures.IDS`."""
        return seed(cls(**options))

    @property
    def relay(self) -> relay.RelayKnobs:
        """The live-update relay's knobs (``sim.relay.drops = 3`` cuts the next three watch
        connections; see :mod:`mosaia.testing._sim.relay`)."""
        return relay.knobs(self)

    def stream_pieces(
        self, response: HttpResponse, *, live: bool = True
    ) -> tuple[Iterable[bytes], bool]:
        """``response``'s body as the pieces a stream sends (one per event for
        ``text/event-stream`` answers, else the whole body), and whether the faults'
        ``cut_streams_after`` cut them short. A relay watch is endless when ``live`` (served),
        else what is there now (in-process)."""
        watch = response.header(relay.RELAY_HEADER)
        if watch is not None:
            return (relay.live(self, watch), False) if live else relay.replay(self, watch)
        content_type = response.header("content-type") or ""
        if not content_type.startswith("text/event-stream"):
            return ([response.body] if response.body else []), False
        events = [event + b"\n\n" for event in response.body.split(b"\n\n") if event]
        limit = self.faults.cut_streams_after
        if limit is None or limit >= len(events):
            return events, False
        return events[: max(limit, 0)], True

    # --- handling ---------------------------------------------------------------------------

    def handle(self, request: HttpRequest, *, form: Form | None = None) -> HttpResponse:
        """The answer to one request; ``form`` is its ``multipart/form-data`` body when that
        was read as it arrived (the request then has none). Never raises: a bug in a handler
        is a 500 answer."""
        with self.lock:
            self.requests.append(request)
            request_id = f"req_{self._next():06d}"
            try:
                form = form or self._form_of(request)
                if form is not None:
                    self.forms.append(form)  # received, whatever the faults answer
                response = self._faults.answer(request, self.clock()) or self._dispatch(
                    request, form
                )
            except Exception as exc:
                message = f"simulator bug: {exc!r}"
                response = error_answer(500, code="INTERNAL_ERROR", message=message)
        return msgspec.structs.replace(
            response, headers=(*response.headers, ("X-Request-Id", request_id))
        )

    @staticmethod
    def _form_of(request: HttpRequest) -> Form | None:
        # A form that came whole, in memory: read by the same reader as one that streamed in.
        content_type = request.header("content-type") or ""
        if isinstance(request.body, bytes) and content_type.startswith("multipart/form-data"):
            return read_form([request.body], content_type)
        return None

    def _dispatch(self, request: HttpRequest, form: Form | None) -> HttpResponse:
        parts = urlsplit(request.url)
        path = parts.path
        prefix = f"/v{self.version}"
        # Outside the version prefix is the frontend (the OAuth authorize page).
        path = path[len(prefix) :] if path.startswith(prefix + "/") else path
        headers = {k.lower(): v for k, v in request.headers}
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        found = ROUTES.resolve(request.method, path)
        if found.route is None:
            if found.allowed:
                message = f"{request.method} not allowed"
                return error_answer(405, code="METHOD_NOT_ALLOWED", message=message)
            message = f"no route for {request.method} {path}"
            return error_answer(404, code="ROUTE_NOT_FOUND", message=message)
        if not found.route.public and not self.token_valid(token):
            message = "missing or invalid bearer token"
            return error_answer(401, code="UNAUTHORIZED", message=message)
        body = request.body if isinstance(request.body, bytes) else b""
        sim_request = SimRequest(
            method=request.method,
            path=path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=headers,
            body=body,
            token=token,
            multipart=form,
        )
        return found.route.handler(self, sim_request, found.params)

"""The simulator's engine: parse a request, authenticate it, route it, answer it.

A :class:`Simulator` is an in-memory, stateful Mosaia. It is an executor (``sim.send``), so a
client can use it in-process with no sockets at all, and :mod:`mosaia.testing.server` serves the
same object over real HTTP on loopback.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia.config import MosaiaConfig
from mosaia.errors import ConnectionFailure
from mosaia.executors._base import StreamingResponse
from mosaia.executors._streaming import MemoryStream, cut_failure
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing._sim.faults import Faults, FaultState, dropped, is_dropped
from mosaia.testing._sim.store import Collection, CollectionSpec, Doc

DEFAULT_API_KEY = "sim-" + "0" * 8 + "-local-key"


class SimRequest(msgspec.Struct, frozen=True):
    """A request as a handler sees it: the path below ``/v{version}``, parsed query, headers
    (lowercase names), raw body and the token the caller presented."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    token: str | None

    def json(self) -> Any:
        """The body parsed as JSON (``None`` when empty); raises ``msgspec.DecodeError``."""
        return msgspec.json.decode(self.body) if self.body.strip() else None

    def form(self) -> dict[str, str]:
        """The body parsed as ``application/x-www-form-urlencoded``."""
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}


Handler = Callable[["Simulator", SimRequest, dict[str, str]], HttpResponse]


class Route:
    """One method and path pattern (``/agent/{id}``) with its handler; ``public`` routes need
    no bearer token."""

    def __init__(self, method: str, pattern: str, handler: Handler, public: bool = False) -> None:
        self.method = method
        self.pattern = pattern
        self.regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")
        self.handler = handler
        self.public = public


ROUTES: list[Route] = []
COLLECTIONS: list[CollectionSpec] = []


def route(method: str, pattern: str, *, public: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler for ``method pattern`` (used by the simulator's feature modules)."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, pattern, handler, public))
        return handler

    return register


def json_response(
    status: int, payload: Any, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """An answer with a JSON body."""
    extra = tuple((headers or {}).items())
    return HttpResponse(
        status=status,
        headers=(("Content-Type", "application/json"), *extra),
        body=msgspec.json.encode(payload),
    )


def error_response(status: int, code: str, message: str) -> HttpResponse:
    """An error in the API's usual shape: ``{"error": {"message", "code", "status"}}``."""
    return json_response(status, {"error": {"message": message, "code": code, "status": status}})


_ORDER_CACHE: list[list[Route]] = [[]]


def _ordered_routes() -> list[Route]:
    # Static segments win over parameters (`/user/permission` before `/user/{id}`), whatever
    # order the feature modules registered their routes in.
    cached = _ORDER_CACHE[0]
    if len(cached) != len(ROUTES):
        cached = sorted(ROUTES, key=lambda r: r.pattern.count("{"))
        _ORDER_CACHE[0] = cached
    return cached


class Simulator:
    """An in-memory Mosaia that answers as ``shared/api/mosaia-api.md`` says the API does.

    ``api_key`` is the key it accepts (``sim.api_key``; a fixed default if not given).
    ``clock`` returns epoch seconds; pass a fake one to test expiry. Thread-safe: the served
    simulator handles concurrent requests under one lock."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        version: str = "1",
        clock: Callable[[], float] = time.time,
        faults: Faults | None = None,
    ) -> None:
        self.api_key = api_key
        self.version = version
        self.clock = clock
        self.lock = threading.RLock()
        self.collections: dict[str, Collection] = {
            spec.path: Collection(spec) for spec in COLLECTIONS
        }
        #: Every request received, in order (secrets included: this is your own test double).
        self.requests: list[HttpRequest] = []
        #: Bearer tokens accepted besides ``api_key`` (issued by sign-in), with expiry (epoch s).
        self.tokens: dict[str, float | None] = {}
        # Imported here: the auth module registers its routes with this one's `route`.
        from mosaia.testing._sim.auth import AuthBook

        #: Who may sign in, and the tokens and codes issued (see :mod:`mosaia.testing._sim.auth`).
        self.auth = AuthBook(self)
        self._counter = 0
        self.faults = faults if faults is not None else Faults()

    # --- the executor face -----------------------------------------------------------------

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Answer ``request`` in-process: the simulator as an executor. Latency is slept here;
        a dropped connection (``Faults.drop_rate``) is ``Failure(TransportError)``."""
        if self.latency > 0:
            time.sleep(self.latency)
        response = self.handle(request)
        return Failure(dropped(request.url)) if is_dropped(response) else Success(response)

    def config(self, **overrides: Any) -> MosaiaConfig:
        """A config for using this simulator in-process (``Mosaia(sim.config(), sim)``)."""
        values: dict[str, Any] = {"api_key": self.api_key, "base_url": "https://simulator.invalid"}
        values.update(overrides)
        return MosaiaConfig(**values)

    # --- faults and fixtures ----------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The fault knobs in force (see :mod:`mosaia.testing._sim.faults`). Setting new ones
        reseeds the simulator's random source and sets :attr:`latency` and
        :attr:`cut_streams_after` from them."""
        return self._faults.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        with self.lock:
            self._faults = FaultState(faults)
            self.latency = faults.latency
            self.cut_streams_after = faults.cut_streams_after

    @classmethod
    def with_fixtures(cls, **options: Any) -> Simulator:
        """A simulator (made with ``options``) seeded with a small realistic world: an org and
        its members, agents, a group, models, a client, an app with a bot, tools, a wallet,
        meters, policies and permissions. Ids: :data:`mosaia.testing._sim.fixtures.IDS`."""
        from mosaia.testing._sim.fixtures import seed  # fixtures build on the routes' modules

        return seed(cls(**options))

    # --- streaming (knobs to fold into the fault set) ---------------------------------------

    #: Cut every event stream after this many events: the connection breaks mid-way, as a real
    #: one can. ``None`` streams every event.
    cut_streams_after: int | None = None
    #: Seconds the simulator waits before answering each request, served or in-process (outside
    #: its lock, so concurrent requests overlap as they would against a real server).
    latency: float = 0.0

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Answer ``request`` in-process as a stream, one piece per event: the simulator as a
        streaming executor (``client.stream(...)`` works without sockets)."""
        sent = self.send(request)
        if not isinstance(sent, Success):
            return Failure(sent.failure())
        response = sent.unwrap()
        pieces, cut = self.stream_pieces(response)
        failure = cut_failure(request.url) if cut else None
        return Success(MemoryStream(response.status, response.headers, pieces, failure))

    def stream_pieces(self, response: HttpResponse) -> tuple[list[bytes], bool]:
        """``response``'s body as the pieces a stream sends (one per event for
        ``text/event-stream`` answers, else the whole body), and whether
        :attr:`cut_streams_after` cut them short."""
        content_type = response.header("content-type") or ""
        if not content_type.startswith("text/event-stream"):
            return ([response.body] if response.body else []), False
        events = [event + b"\n\n" for event in response.body.split(b"\n\n") if event]
        limit = self.cut_streams_after
        if limit is None or limit >= len(events):
            return events, False
        return events[: max(limit, 0)], True

    # --- handling ---------------------------------------------------------------------------

    def handle(self, request: HttpRequest) -> HttpResponse:
        """The answer to one request. Never raises: a bug in a handler is a 500 answer."""
        with self.lock:
            self.requests.append(request)
            request_id = f"req_{self._next():06d}"
            try:
                response = self._faults.answer(request, self.clock()) or self._dispatch(request)
            except Exception as exc:
                response = error_response(500, "INTERNAL_ERROR", f"simulator bug: {exc!r}")
        return msgspec.structs.replace(
            response, headers=(*response.headers, ("X-Request-Id", request_id))
        )

    def _dispatch(self, request: HttpRequest) -> HttpResponse:
        parts = urlsplit(request.url)
        path = parts.path
        prefix = f"/v{self.version}"
        frontend = not path.startswith(prefix + "/")
        path = path if frontend else path[len(prefix) :]
        headers = {k.lower(): v for k, v in request.headers}
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        sim_request = SimRequest(
            method=request.method,
            path=path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=headers,
            body=request.body or b"",
            token=token,
        )
        allowed: list[str] = []
        for candidate in _ordered_routes():
            match = candidate.regex.match(path)
            if match is None:
                continue
            if candidate.method != request.method:
                allowed.append(candidate.method)
                continue
            if not candidate.public and not self.token_valid(token):
                return error_response(401, "UNAUTHORIZED", "missing or invalid bearer token")
            params = {k: unquote(v) for k, v in match.groupdict().items()}
            return candidate.handler(self, sim_request, params)
        if allowed:
            return error_response(405, "METHOD_NOT_ALLOWED", f"{request.method} not allowed")
        return error_response(404, "ROUTE_NOT_FOUND", f"no route for {request.method} {path}")

    def token_valid(self, token: str | None) -> bool:
        """Whether ``token`` is the API key or an issued token that has not expired."""
        if token is None:
            return False
        if token == self.api_key:
            return True
        if token not in self.tokens:
            return False
        expires = self.tokens[token]
        return expires is None or self.clock() < expires

    # --- helpers for handlers ---------------------------------------------------------------

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def new_id(self) -> str:
        """A fresh 24-hex-digit id, like the live API's ObjectIds (deterministic per simulator)."""
        return f"{self._next() + 0x650000000000000000000000:024x}"

    def now_iso(self) -> str:
        """The simulator clock as an ISO-8601 timestamp."""
        return datetime.fromtimestamp(self.clock(), UTC).isoformat().replace("+00:00", "Z")

    def collection(self, path: str) -> Collection:
        """The collection served at ``path`` (``/agent``)."""
        return self.collections[path]

    @property
    def state(self) -> dict[str, list[Doc]]:
        """A snapshot of every collection's documents, by path: for assertions in tests."""
        with self.lock:
            return {
                path: [dict(d) for d in c.docs.values()] for path, c in self.collections.items()
            }

    def insert(self, path: str, doc: Mapping[str, Any]) -> Doc:
        """Store ``doc`` in the collection at ``path`` as if created through the API."""
        with self.lock:
            now = self.now_iso()
            stored: Doc = {"id": self.new_id(), "active": True, **doc}
            stored.setdefault("created_at", now)
            stored.setdefault("updated_at", now)
            self.collection(path).docs[stored["id"]] = stored
            return stored

"""``FakeExecutor``: canned answers by method and path pattern, a record of what was sent, and
assertions that say what went wrong.

For testing your own logic without a server::

    fake = FakeExecutor().add("GET", "/agent/{id}", ok({"id": "a1", "name": "Ada"}))
    client = Mosaia(MosaiaConfig(api_key="k"), fake)
    assert client.agents.get_by_id("a1").unwrap().name == "Ada"
    fake.assert_called("GET", "/agent/a1")

Paths are matched below ``/v{version}`` with the patterns of :mod:`mosaia.testing._patterns`
(``/agent/{id}``, ``/agent/*``, ``*``). For behaviour that depends on state (create, then list)
use the :class:`~mosaia.testing.Simulator` instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias
from urllib.parse import parse_qs, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import redact_headers, redact_json
from mosaia.errors import ConnectionFailure, RequestTimeout, TransportError
from mosaia.executors._base import StreamingResponse
from mosaia.executors._streaming import MemoryStream
from mosaia.http import HttpRequest, HttpResponse, Streamed, find_header, streamed_summary
from mosaia.request import query_pairs
from mosaia.testing._answers import data_answer, error_answer, json_answer
from mosaia.testing._patterns import api_path, route_matches
from mosaia.types import Paging

#: One answer: a response, a connection failure (returned as ``Failure``), or a function of the
#: request giving either.
Answer: TypeAlias = (
    HttpResponse
    | TransportError
    | RequestTimeout
    | Callable[[HttpRequest], "HttpResponse | ConnectionFailure"]
)
#: What a route gives: one answer for every request, or a list answered in turn (the last one
#: repeats), e.g. ``[error(503), ok(agent)]`` to test a retry.
Responder: TypeAlias = Answer | Sequence[Answer]

__all__ = [
    "Answer",
    "FakeExecutor",
    "Responder",
    "api_path",
    "as_stream",
    "error",
    "ok",
    "page",
    "respond",
]


def respond(
    status: int = 200, json: Any = None, *, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """An :class:`HttpResponse` with ``json`` (plain values or Structs) encoded as its body; no
    body when ``json`` is ``None``."""
    return json_answer(status, json, headers=headers or {})


def ok(data: Any, status: int = 200) -> HttpResponse:
    """A success in the API's single-item envelope: ``{"data": data}``."""
    return data_answer(data, status=status)


def page(
    items: Sequence[Any], *, offset: int = 0, limit: int = 100, total: int | None = None
) -> HttpResponse:
    """A success in the API's list envelope: ``{"data": [...], "paging": {...}}``."""
    count = len(items) if total is None else total
    return data_answer(list(items), paging=Paging(offset=offset, limit=limit, total=count))


def error(status: int, *, code: str | None = None, message: str | None = None) -> HttpResponse:
    """An error in the API's usual shape: ``{"error": {"message", "code", "status"}}`` (the
    message says ``simulated HTTP {status}`` unless given; no code unless given)."""
    return error_answer(status, code=code, message=message or f"simulated HTTP {status}")


class _Route:
    def __init__(self, method: str, pattern: str, responder: Responder) -> None:
        self.method = method
        self.pattern = pattern
        self.answers: list[Answer] = (
            list(responder) if isinstance(responder, Sequence) else [responder]
        )
        if not self.answers:
            raise ValueError(f"route {method} {pattern} needs at least one answer")
        self.used = 0

    def next_answer(self) -> Answer:
        answer = self.answers[min(self.used, len(self.answers) - 1)]
        self.used += 1
        return answer


class FakeExecutor:
    """An executor answering from a table of ``(method, path pattern)`` routes, recording every
    request in :attr:`requests`.

    The most recently added matching route answers, so a test can override a route a fixture set
    up. Unrouted requests get a 404 in the API's error shape (code ``NOT_ROUTED``) and are listed
    in :attr:`unrouted`, so a test sees what it missed. Never raises: a responder function that
    raises becomes ``Failure(TransportError)`` and the exception is kept in :attr:`errors`.
    """

    def __init__(self, routes: Mapping[tuple[str, str], Responder] | None = None) -> None:
        self._routes: list[_Route] = []
        # Batches send from many threads; a sequence's turn must not be taken twice.
        self._lock = threading.Lock()
        #: Every request sent, in order.
        self.requests: list[HttpRequest] = []
        #: Requests no route matched.
        self.unrouted: list[HttpRequest] = []
        #: Exceptions raised by responder functions (each also answered as a transport failure).
        self.errors: list[BaseException] = []
        for (method, pattern), responder in (routes or {}).items():
            self.add(method, pattern, responder)

    def __repr__(self) -> str:
        return f"FakeExecutor(routes={self.routes!r}, sent={len(self.requests)})"

    @property
    def routes(self) -> list[tuple[str, str]]:
        """The ``(method, pattern)`` of every route, in the order they were added."""
        return [(r.method, r.pattern) for r in self._routes]

    def add(self, method: str, path: str, answer: Responder) -> FakeExecutor:
        """Route ``method path`` (patterns allowed, method ``*`` for any) to ``answer``; returns
        ``self`` for chaining."""
        self._routes.append(_Route(method.upper(), path, answer))
        return self

    def reset(self) -> None:
        """Forget the requests seen so far (the routes stay)."""
        self.requests.clear()
        self.unrouted.clear()
        self.errors.clear()

    # --- the executor face -----------------------------------------------------------------

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Record ``request`` and answer it from the routes. Thread-safe: each answer of a
        sequence goes to exactly one request, however many threads send."""
        path = api_path(request.url)
        with self._lock:
            self.requests.append(request)
            route = self._route_for(request.method, path)
            if route is None:
                self.unrouted.append(request)
            else:
                answer = route.next_answer()
        if route is not None:
            return self._answer(answer, request)
        routes = ", ".join(f"{m} {p}" for m, p in self.routes) or "none"
        return Success(
            error(
                404,
                code="NOT_ROUTED",
                message=f"no fake route for {request.method} {path}; routes: {routes}",
            )
        )

    def _route_for(self, method: str, path: str) -> _Route | None:
        for found in reversed(self._routes):
            if route_matches((found.method, found.pattern), method, path) is not None:
                return found
        return None

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Like :meth:`send`, with the answer's body read as a stream (for ``client.stream``),
        in small pieces so stream parsers meet events split across reads."""
        return self.send(request).map(as_stream)

    def _answer(
        self, answer: Answer, request: HttpRequest
    ) -> Result[HttpResponse, ConnectionFailure]:
        if callable(answer):
            try:
                answer = answer(request)
            except Exception as exc:
                self.errors.append(exc)
                return Failure(
                    TransportError(message=f"fake responder raised {exc!r}", code="fake_error")
                )
        if isinstance(answer, HttpResponse):
            return Success(answer)
        return Failure(answer)

    # --- assertions ------------------------------------------------------------------------

    def matching(
        self,
        method: str,
        path: str,
        *,
        json: Any = msgspec.UNSET,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> list[HttpRequest]:
        """The requests sent to ``method path`` (a pattern) whose JSON body equals ``json``, whose
        query equals ``query`` (encoded as the SDK encodes it) and that carry ``headers``."""
        expected_query = _expected_query(query)
        expected_json = _builtins(json)
        return [
            r
            for r in self.requests
            if route_matches((method, path), r.method, api_path(r.url)) is not None
            and (json is msgspec.UNSET or _json_of(r) == expected_json)
            and (expected_query is None or _query_of(r) == expected_query)
            and all(find_header(r.headers, k) == v for k, v in (headers or {}).items())
        ]

    def assert_called(
        self,
        method: str,
        path: str,
        *,
        json: Any = msgspec.UNSET,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        times: int | None = None,
    ) -> HttpRequest:
        """Assert that a request like this was sent (exactly ``times`` times, if given) and return
        the last one. On failure the message lists what was sent and how it differed."""
        found = self.matching(method, path, json=json, query=query, headers=headers)
        if found and (times is None or len(found) == times):
            return found[-1]
        wanted = _describe_wanted(method, path, json, query, headers)
        if found:
            raise AssertionError(f"expected {wanted} {times} time(s), it was sent {len(found)}")
        raise AssertionError(
            f"expected {wanted}, but no request matched.\n{self._sent(method, path)}"
        )

    def assert_not_called(self, method: str, path: str) -> None:
        """Assert that nothing was sent to ``method path`` (a pattern)."""
        found = self.matching(method, path)
        if found:
            lines = "\n".join(f"  {_describe(r)}" for r in found)
            raise AssertionError(
                f"expected no request to {method} {path}, but {len(found)} were sent:\n{lines}"
            )

    def _sent(self, method: str, path: str) -> str:
        if not self.requests:
            return "No requests were sent at all."
        lines = []
        for i, r in enumerate(self.requests, 1):
            same = route_matches((method, path), r.method, api_path(r.url)) is not None
            lines.append(f"  {i}. {_describe(r)}{'   <- same route' if same else ''}")
        return f"Requests sent ({len(self.requests)}):\n" + "\n".join(lines)


def as_stream(response: HttpResponse, piece: int = 7) -> StreamingResponse:
    """``response`` as a stream delivering its body ``piece`` bytes at a time."""
    body = response.body
    pieces = [body[i : i + piece] for i in range(0, len(body), max(1, piece))]
    return MemoryStream(response.status, response.headers, pieces)


# --- helpers for readable assertions ------------------------------------------------------


def _builtins(value: Any) -> Any:
    if value is msgspec.UNSET:
        return value
    return msgspec.to_builtins(value)


def _json_of(request: HttpRequest) -> Any:
    body = request.body
    if isinstance(body, Streamed):
        return msgspec.UNSET  # a form streaming files is not JSON (and is never read here)
    if not body:
        return None
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError:
        return msgspec.UNSET


def _query_of(request: HttpRequest) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.url).query, keep_blank_values=True)


def _expected_query(query: Mapping[str, Any] | None) -> dict[str, list[str]] | None:
    if query is None:
        return None
    pairs = query_pairs(query)
    if isinstance(pairs, str):
        raise ValueError(f"assertion query cannot be encoded: {pairs}")
    found: dict[str, list[str]] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


def _describe_wanted(
    method: str,
    path: str,
    json: Any,
    query: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
) -> str:
    text = f"a request {method} {path}"
    if json is not msgspec.UNSET:
        text += f" with json={_builtins(json)!r}"
    if query is not None:
        text += f" with query={dict(query)!r}"
    if headers:
        text += f" with headers={dict(headers)!r}"
    return text


def _describe(request: HttpRequest) -> str:
    parts = urlsplit(request.url)
    target = api_path(request.url) + (f"?{parts.query}" if parts.query else "")
    text = f"{request.method} {target}"
    if isinstance(request.body, Streamed):
        text += f"  body={streamed_summary(request.body)}"
    elif request.body:
        body = _json_of(request)
        shown = "<not JSON>" if body is msgspec.UNSET else repr(redact_json(body))
        text += f"  json={shown}"
    extra = [
        (k, v)
        for k, v in redact_headers(request.headers)
        if k.lower() not in ("accept", "user-agent", "content-type", "authorization")
    ]
    if extra:
        text += f"  headers={dict(extra)!r}"
    return text

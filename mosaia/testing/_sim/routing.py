"""The simulator's routing, as data: a :class:`Route` is a method, a path pattern and a handler;
a :class:`RouteTable` is built from the feature modules' tuples of routes and picks the one that
answers a request.

Patterns are those of :mod:`mosaia.testing._patterns` (``/agent/{id}``), the same language as
the fake executor's routes and the fault knobs. Where two patterns match the same path, the more
specific one answers, whatever order the routes were declared in: segment by segment, a literal
beats a ``{param}`` (``/user/permission/{id}`` before ``/user/{id}/session``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import parse_qs

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._answers import error_answer
from mosaia.testing._patterns import compile_pattern, method_matches
from mosaia.testing._sim.forms import Form
from mosaia.testing._sim.world import World

#: The ``{name}`` captures of a route's pattern, percent-decoded.
Params = dict[str, str]


class SimRequest(msgspec.Struct, frozen=True):
    """A request as a handler sees it: the path below ``/v{version}``, parsed query, headers
    (lowercase names), raw body and the token the caller presented; for a
    ``multipart/form-data`` request, its ``multipart`` form as read. A form read while it
    arrived (the served simulator's, or a streamed body's) leaves ``body`` empty: its files
    are counted, never held whole."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    token: str | None
    multipart: Form | None = None

    def json(self) -> Any:
        """The body parsed as JSON (``None`` when empty); raises ``msgspec.DecodeError``."""
        return msgspec.json.decode(self.body) if self.body.strip() else None

    def form(self) -> dict[str, str]:
        """The body parsed as ``application/x-www-form-urlencoded``."""
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}


#: What answers a route: the simulator's state, the request, the pattern's captures.
Handler = Callable[[World, SimRequest, Params], HttpResponse]


@dataclass(frozen=True)
class Route:
    """One ``method`` and path ``pattern`` with the ``handler`` that answers it; a ``public``
    route needs no bearer token (sign-in, the authorize page)."""

    method: str
    pattern: str
    handler: Handler = field(repr=False)
    public: bool = field(default=False, kw_only=True)


class Resolved(NamedTuple):
    """What the table found for a request: the route and its captures, or, when no route has
    both the path and the method, the methods the path does allow, sorted (a 405 if any)."""

    route: Route | None
    params: Params
    allowed: tuple[str, ...]


def _specificity(route: Route) -> tuple[int, ...]:
    # Per segment, 0 for a literal and 1 for anything that captures or wildcards: sorted,
    # literals come first wherever two patterns could match the same path.
    parts = [part for part in route.pattern.split("/") if part]
    return tuple(0 if not (p.startswith("{") or p in ("*", "**")) else 1 for p in parts)


class RouteTable:
    """The simulator's routes, most specific first. Built explicitly from each feature
    module's routes; a method and pattern declared twice is a bug in the table (``ValueError``)."""

    def __init__(self, *groups: Iterable[Route]) -> None:
        routes = [route for group in groups for route in group]
        seen: set[tuple[str, str]] = set()
        for route in routes:
            key = (route.method.upper(), route.pattern)
            if key in seen:
                raise ValueError(f"route {key[0]} {key[1]} is declared twice")
            seen.add(key)
        #: Every route, in the order they are tried.
        self.routes = tuple(sorted(routes, key=_specificity))

    def __len__(self) -> int:
        return len(self.routes)

    def resolve(self, method: str, path: str) -> Resolved:
        """The route that answers ``method path`` (a path below ``/v{version}``)."""
        allowed: set[str] = set()
        for route in self.routes:
            params = compile_pattern(route.pattern).match(path)
            if params is None:
                continue
            if method_matches(route.method, method):
                return Resolved(route, params, ())
            allowed.add(route.method.upper())
        return Resolved(None, {}, tuple(sorted(allowed)))


def body_object(request: SimRequest) -> dict[str, Any] | HttpResponse:
    """The JSON object body, or the 400 answer explaining why there is none."""
    try:
        body = request.json()
    except msgspec.DecodeError as exc:
        return error_answer(400, code="INVALID_JSON", message=f"body is not JSON: {exc}")
    if body is None:
        return {}
    if not isinstance(body, dict):
        return error_answer(400, code="INVALID_BODY", message="body must be a JSON object")
    return body

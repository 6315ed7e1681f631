"""``FakeExecutor``: canned answers by method and path, and a record of what was sent.

For testing your own logic without a server: route ``("GET", "/agent/a1")`` to a response, run
your code with ``Mosaia(config, fake)``, then look at ``fake.requests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import msgspec
from returns.result import Result, Success

from mosaia.errors import ConnectionFailure
from mosaia.http import HttpRequest, HttpResponse

Responder = HttpResponse | ConnectionFailure | Callable[[HttpRequest], HttpResponse]


def respond(
    status: int = 200, json: Any = None, *, headers: dict[str, str] | None = None
) -> HttpResponse:
    """An :class:`HttpResponse` with ``json`` encoded as its body (no body when ``None``)."""
    body = b"" if json is None else msgspec.json.encode(json)
    pairs = tuple((headers or {}).items())
    if json is not None:
        pairs = (("Content-Type", "application/json"), *pairs)
    return HttpResponse(status=status, headers=pairs, body=body)


class FakeExecutor:
    """An executor answering from a table of ``(method, path)`` routes.

    ``path`` is matched against the URL path below ``/v{version}`` (``/agent/a1``). A route's
    answer is a response, a connection failure (returned as ``Failure``), or a function of the
    request. Unrouted requests get a 404 in the API's error shape, so a test sees what it missed."""

    def __init__(self, routes: dict[tuple[str, str], Responder] | None = None) -> None:
        self.routes: dict[tuple[str, str], Responder] = dict(routes or {})
        #: Every request sent, in order.
        self.requests: list[HttpRequest] = []

    def add(self, method: str, path: str, answer: Responder) -> FakeExecutor:
        """Route ``method path`` to ``answer``; returns ``self`` for chaining."""
        self.routes[(method.upper(), path)] = answer
        return self

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Record ``request`` and answer from the routes."""
        from returns.result import Failure

        self.requests.append(request)
        answer = self.routes.get((request.method, api_path(request.url)))
        if answer is None:
            return Success(
                respond(
                    404,
                    {"error": {"message": "no fake route", "code": "NOT_ROUTED", "status": 404}},
                )
            )
        if isinstance(answer, HttpResponse):
            return Success(answer)
        if callable(answer):
            return Success(answer(request))
        return Failure(answer)


def api_path(url: str) -> str:
    """The path of ``url`` below its ``/v{version}`` prefix (the whole path if it has none)."""
    path = urlsplit(url).path
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[1].startswith("v") and parts[1][1:].isdigit():
        return "/" + parts[2]
    return path

"""Fault knobs for the simulator: slow answers, random failures, forced statuses, rate limiting
and dropped connections, so code can be tested against the bad days of a real API.

:class:`Faults` is a frozen value; the simulator consults it for every request through
:func:`verdict`, drawing its randomness from a ``random.Random`` seeded with ``Faults.seed`` that
the simulator owns, so a run with the same requests in the same order sees the same faults.
Latency is not decided here: it is slept by the shells (the in-process ``send`` and the served
server), keeping this module free of clocks beyond the ``now`` it is given.

>>> faults = Faults(statuses={("GET", "/agent/*"): 503}, rate_limit_per_second=5)
>>> faults.enabled
True
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence

import msgspec

from mosaia._redact import redact_url
from mosaia.errors import TransportError
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing._answers import error_answer
from mosaia.testing._patterns import api_path, route_matches

#: The header every simulated fault carries, naming which knob produced it: for humans reading a
#: log, never needed by code (the status and body are exactly what the real API would send).
FAULT_HEADER = "X-Simulator-Fault"

#: What :func:`verdict` returns for a connection drop: status 0 is impossible on the wire, so no
#: real answer can be mistaken for it. In-process it becomes ``Failure(TransportError)``; served,
#: the server closes the socket without answering.
DROPPED = HttpResponse(status=0, headers=((FAULT_HEADER, "drop"),))


class Faults(msgspec.Struct, frozen=True, kw_only=True):
    """How badly the simulator behaves. The default is a perfect server.

    - ``latency``: seconds slept before each answer (by the executor or server, never the core);
    - ``failure_rate``: the probability (0..1) that a request fails with ``failure_status``;
    - ``statuses``: ``{(method, path pattern): status}`` forced for matching requests, e.g.
      ``{("GET", "/agent/*"): 503}`` (patterns as in :mod:`mosaia.testing._patterns`);
    - ``rate_limit_per_second``: after this many requests within one second of the simulator's
      clock, answer 429 with ``Retry-After`` until the next second;
    - ``drop_rate``: the probability (0..1) that the connection is dropped without an answer;
    - ``cut_streams_after``: event streams break after this many events (``None``: never);
    - ``seed``: seeds the simulator's random source, so faulty runs are reproducible.
    """

    latency: float = 0.0
    failure_rate: float = 0.0
    failure_status: int = 503
    statuses: dict[tuple[str, str], int] = {}
    rate_limit_per_second: int | None = None
    drop_rate: float = 0.0
    cut_streams_after: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        # A knob outside its range is a bug in the test that set it: say so at once.
        for name in ("failure_rate", "drop_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        if not (self.latency >= 0.0 and math.isfinite(self.latency)):
            raise ValueError(f"latency must be a finite number of seconds >= 0, got {self.latency}")
        if self.cut_streams_after is not None and self.cut_streams_after < 0:
            raise ValueError("cut_streams_after must be >= 0 (or None to stream every event)")
        if self.rate_limit_per_second is not None and self.rate_limit_per_second < 1:
            raise ValueError("rate_limit_per_second must be at least 1 (or None for no limit)")
        for status in (self.failure_status, *self.statuses.values()):
            if not 100 <= status <= 599:
                raise ValueError(f"status must be an HTTP status (100..599), got {status}")

    @property
    def enabled(self) -> bool:
        """Whether any knob other than ``latency`` is turned (latency lives in the shells)."""
        return bool(
            self.failure_rate
            or self.statuses
            or self.rate_limit_per_second is not None
            or self.drop_rate
        )

    def replace(self, **changes: object) -> Faults:
        """A copy with ``changes`` applied."""
        return msgspec.structs.replace(self, **changes)


class RateWindow:
    """The simulator's count of requests in the current one-second window of its clock."""

    def __init__(self) -> None:
        self.second = -1
        self.count = 0


class FaultState:
    """What a simulator keeps to apply :class:`Faults`: the knobs, its own random source seeded
    from them, and the rate limiter's window. Replaced whole when the knobs change, so a new
    seed restarts the random sequence."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.random = random.Random(faults.seed)  # noqa: S311 - reproducible faults, not secrets
        self.window = RateWindow()

    def answer(self, request: HttpRequest, now: float) -> HttpResponse | None:
        """The faulty answer to ``request`` at ``now``, or ``None`` (see :func:`verdict`)."""
        if not self.faults.enabled:
            return None
        path = api_path(request.url)
        return verdict(self.faults, self.random, self.window, request.method, path, now)


def verdict(
    faults: Faults,
    rng: random.Random,
    window: RateWindow,
    method: str,
    path: str,
    now: float,
) -> HttpResponse | None:
    """The faulty answer for ``method path`` at time ``now``: a response to send instead of the
    real one, :data:`DROPPED`, or ``None`` to answer normally.

    Order: forced statuses (the most explicit wish), then the rate limit, then a dropped
    connection, then a random failure. Random numbers are drawn only for knobs that are turned,
    so adding ``latency`` to a seeded run does not change which requests fail."""
    for pattern, status in faults.statuses.items():
        if route_matches(pattern, method, path) is not None:
            return fault_response(status, "status", f"forced by Faults.statuses for {pattern}")
    limit = faults.rate_limit_per_second
    if limit is not None:
        second = math.floor(now)
        if second != window.second:
            window.second, window.count = second, 0
        window.count += 1
        if window.count > limit:
            retry_after = max(1, math.ceil(second + 1 - now))
            return fault_response(
                429,
                "rate_limit",
                f"rate limit of {limit} requests per second exceeded",
                code="RATE_LIMIT_EXCEEDED",
                headers=(("Retry-After", str(retry_after)),),
            )
    if faults.drop_rate and rng.random() < faults.drop_rate:
        return DROPPED
    if faults.failure_rate and rng.random() < faults.failure_rate:
        return fault_response(faults.failure_status, "failure", "simulated failure")
    return None


def is_dropped(response: HttpResponse) -> bool:
    """Whether ``response`` stands for a dropped connection (see :data:`DROPPED`)."""
    return response.status == 0


def dropped(url: str) -> TransportError:
    """What a client sees in-process when the simulator drops the connection: the same error
    the urllib3 executor reports when the served simulator closes the socket unanswered."""
    return TransportError(
        message="connection broken: closed without an answer (simulated drop)",
        code="connection_broken",
        url=redact_url(url),
    )


_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    422: "UNPROCESSABLE_ENTITY",
    429: "RATE_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}


def fault_response(
    status: int,
    knob: str,
    message: str,
    *,
    code: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> HttpResponse:
    """A faulty answer in the API's error shape (``{"error": {message, code, status}}``)."""
    return error_answer(
        status,
        code=code or _CODES.get(status, "ERROR"),
        message=message,
        headers=((FAULT_HEADER, knob), *headers),
    )


# --- the command line of the served simulator ----------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the fault flags to the served simulator's command line, so code in any language can
    test against a slow, flaky or rate-limited Mosaia."""
    group = parser.add_argument_group("faults")
    group.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    group.add_argument("--failure-rate", type=float, default=0.0, help="0..1: random failures")
    group.add_argument("--failure-status", type=int, default=503, help="status of a failure")
    group.add_argument(
        "--status",
        action="append",
        default=[],
        type=parse_status,
        metavar="'METHOD PATTERN=STATUS'",
        help="force a status, e.g. 'GET /agent/*=503' (repeatable)",
    )
    group.add_argument("--rate-limit", type=int, default=None, help="requests per second")
    group.add_argument("--drop-rate", type=float, default=0.0, help="0..1: dropped connections")
    group.add_argument(
        "--cut-streams-after", type=int, default=None, help="break event streams after N events"
    )
    group.add_argument("--seed", type=int, default=0, help="seed of the fault randomness")


def from_arguments(args: argparse.Namespace) -> Faults:
    """The :class:`Faults` the flags of :func:`add_arguments` ask for."""
    return Faults(
        latency=args.latency,
        failure_rate=args.failure_rate,
        failure_status=args.failure_status,
        statuses=dict(args.status),
        rate_limit_per_second=args.rate_limit,
        drop_rate=args.drop_rate,
        cut_streams_after=args.cut_streams_after,
        seed=args.seed,
    )


def parse_status(text: str) -> tuple[tuple[str, str], int]:
    """``"GET /agent/*=503"`` as ``(("GET", "/agent/*"), 503)``; a bare pattern means any method.

    >>> parse_status("/agent/**=500")
    (('*', '/agent/**'), 500)
    """
    route, sep, status = text.rpartition("=")
    words: Sequence[str] = route.split()
    if not sep or not status.strip().isdigit() or len(words) not in (1, 2):
        raise argparse.ArgumentTypeError(f"expected 'METHOD PATTERN=STATUS', got {text!r}")
    method, pattern = (words[0].upper(), words[1]) if len(words) == 2 else ("*", words[0])
    return (method, pattern), int(status)

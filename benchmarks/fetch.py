"""Scenarios 1 and 2: one agent per request, and a 100-agent page, end to end over HTTP.

Four contenders against the same server in the same rounds: the SDK doing everything a user gets
(build the call, prepare, send, decode into Structs, wrap in a Result), the floor (raw urllib3
returning undecoded bytes), and requests or httpx with pydantic models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import msgspec
from returns.pipeline import is_successful

from benchmarks import peers
from benchmarks.harness import Contender, ServerProcess, Stats, interleaved, ratios, usage
from benchmarks.plan import Plan
from benchmarks.profiling import profile
from benchmarks.results import Row, Scenario, Target, fmt, fmt_stats
from mosaia import Mosaia, MosaiaConfig
from mosaia.executors import Urllib3Executor
from mosaia.types import Agent, Page

SDK = "mosaia (build+prepare+send+decode→Result)"
BARE = "mosaia, bare Urllib3Executor (no retry/log stack)"
FLOOR = "floor: raw urllib3 PoolManager, no decoding"
STRICT = "urllib3 HTTPConnectionPool direct, no decoding"
REQUESTS = "requests + pydantic"
HTTPX = "httpx + pydantic"
DECODED_FLOOR = "floor + bare msgspec decode (Structs)"


class _Envelope(msgspec.Struct):
    data: list[Agent] = []
    paging: msgspec.Raw = msgspec.Raw()


def sdk_client(server: ServerProcess, *, bare: bool = False) -> Mosaia:
    """The client a user would make, pointed at the benchmark server: with the default executor
    stack, or (``bare``) straight over a :class:`~mosaia.executors.Urllib3Executor`."""
    config = MosaiaConfig(api_key=peers.API_KEY, base_url=server.base_url)
    return Mosaia(config, Urllib3Executor()) if bare else Mosaia(config)


def one_agent(server: ServerProcess, plan: Plan) -> Scenario:
    """Scenario 1: ``GET /agent/{id}`` decoded into one ``Agent``."""
    get_by_id = sdk_client(server).agents.get_by_id
    bare_get_by_id = sdk_client(server, bare=True).agents.get_by_id

    def sdk() -> object:
        return get_by_id("a1")

    def bare() -> object:
        return bare_get_by_id("a1")

    def check(value: Any) -> bool:
        return is_successful(value) and isinstance(value.unwrap(), Agent)

    scenario, pairs = _fetch(
        server,
        plan,
        key="1",
        title="One agent per request (GET /agent/{id})",
        sdk=sdk,
        bare=bare,
        check=check,
        path="/agent/a1",
        model=peers.PdOne,
    )
    _target(scenario, pairs, "mosaia ≥ 1.00 x floor", 1.00)
    _target(scenario, pairs, "mosaia ≥ 0.90 x HTTPConnectionPool direct", 0.90, against=STRICT)
    _profile_if_missed(scenario, sdk, plan)
    return scenario


def agent_page(server: ServerProcess, plan: Plan) -> Scenario:
    """Scenario 2: ``GET /agent?limit=100`` decoded into a ``Page[Agent]``."""
    get_all = sdk_client(server).agents.get_all
    bare_get_all = sdk_client(server, bare=True).agents.get_all
    params = {"limit": 100}

    def sdk() -> object:
        return get_all(params)

    def bare() -> object:
        return bare_get_all(params)

    def check(value: Any) -> bool:
        if not is_successful(value):
            return False
        page = value.unwrap()
        return isinstance(page, Page) and len(page.items) == 100

    scenario, pairs = _fetch(
        server,
        plan,
        key="2",
        title="A 100-agent page (GET /agent?limit=100)",
        sdk=sdk,
        bare=bare,
        check=check,
        path="/agent?limit=100",
        model=peers.PdPage,
        decoded=True,
    )
    _target(scenario, pairs, "mosaia ≥ 0.72 x floor", 0.72)
    _target(
        scenario, pairs, "mosaia ≥ 0.97 x floor + bare msgspec decode", 0.97, against=DECODED_FLOOR
    )
    _profile_if_missed(scenario, sdk, plan)
    return scenario


def _fetch(
    server: ServerProcess,
    plan: Plan,
    *,
    key: str,
    title: str,
    sdk: Callable[[], object],
    bare: Callable[[], object],
    check: Callable[[Any], bool],
    path: str,
    model: type[Any],
    decoded: bool = False,
) -> tuple[Scenario, dict[str, Stats]]:
    url = server.api_url + path
    floor, close_floor = peers.floor(url)
    strict, close_strict = peers.strict_floor(url)
    via_requests, close_requests = peers.with_requests(url, model)
    via_httpx, close_httpx = peers.with_httpx(url, model)
    try:
        # A benchmark of a failure path measures nothing: every contender must get the answer.
        for fn in (sdk, bare):
            if not check(fn()):
                raise RuntimeError(f"the SDK did not decode {path} successfully: {fn()!r}")
        if floor() != strict():
            raise RuntimeError("the two floors read different bytes")
        if via_requests() != via_httpx():
            raise RuntimeError("requests and httpx decoded different values")
        contenders = [
            Contender(SDK, sdk),
            Contender(BARE, bare),
            Contender(FLOOR, floor),
            Contender(STRICT, strict),
            Contender(REQUESTS, via_requests),
            Contender(HTTPX, via_httpx),
        ]
        if decoded:
            decoder = msgspec.json.Decoder(_Envelope)
            raw = cast(Callable[[], bytes], floor)
            contenders.append(Contender(DECODED_FLOOR, lambda: decoder.decode(raw())))
        interleaved(contenders, plan.rounds, plan.block_seconds, server)
    finally:
        close_floor()
        close_strict()
        close_requests()
        close_httpx()
    reference = contenders[2]
    rows = [
        Row(
            label=c.label,
            value=Stats.of(c.rates),
            unit="req/s",
            ratio=ratios(c, reference),
            usage=usage(c),
        )
        for c in contenders
    ]
    # The SDK's ratio to each contender, taken per round (they ran seconds apart).
    pairs = {c.label: ratios(contenders[0], c) for c in contenders}
    return Scenario(key=key, title=title, reference=FLOOR, rows=rows), pairs


def _target(
    scenario: Scenario, pairs: dict[str, Stats], text: str, minimum: float, against: str = FLOOR
) -> None:
    ratio = pairs[against]
    scenario.targets.append(
        Target(text=text, measured=fmt_stats(ratio, "x"), met=ratio.median >= minimum)
    )


def _profile_if_missed(scenario: Scenario, sdk: Callable[[], object], plan: Plan) -> None:
    if all(target.met for target in scenario.targets):
        return
    scenario.profile = profile(sdk, plan.profile_ops)
    missed = [t.text for t in scenario.targets if not t.met]
    scenario.note = (scenario.note + " " if scenario.note else "") + (
        f"Missed: {'; '.join(missed)}. Profile of the SDK contender below "
        f"({fmt(scenario.rows[0].value.median)} req/s measured)."
    )

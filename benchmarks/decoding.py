"""Scenario 3: decoding a 100-agent page alone, no network: what the SDK's typed decoding costs
next to untyped ``json.loads`` and to pydantic v2's fastest path."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from benchmarks import peers
from benchmarks.bodies import page_body
from benchmarks.harness import Contender, Stats, interleaved, ratios
from benchmarks.plan import Plan
from benchmarks.profiling import profile
from benchmarks.results import Row, Scenario, Target, fmt_stats
from mosaia import decode
from mosaia.api import agents
from mosaia.http import HttpResponse
from mosaia.types import Agent, Page, Paging

SDK = "mosaia decode → Result[Page[Agent]]"
MSGSPEC = "msgspec Decoder alone (Structs)"
JSON = "json.loads (dicts, no types)"
PYDANTIC = "pydantic v2 model_validate_json"


class _Envelope(msgspec.Struct):
    data: list[Agent] = []
    paging: Paging | None = None


def page_decoding(plan: Plan) -> Scenario:
    """Decode the same 100-agent page bytes four ways, interleaved; target ≥ 0.97 of bare
    msgspec (the SDK's tolerant reader only runs when msgspec refuses an answer; its fast path
    is msgspec untouched), with pydantic v2 as the peer (x 1.00)."""
    body = page_body()
    response = HttpResponse(status=200, headers=(("Content-Type", "application/json"),), body=body)
    call = agents.get_all({"limit": 100})
    decoder = msgspec.json.Decoder(_Envelope)
    model = peers.PdPage

    def sdk() -> object:
        return decode(response, call)

    def raw_msgspec() -> object:
        return decoder.decode(body)

    def stdlib() -> object:
        return json.loads(body)

    def pydantic() -> object:
        return model.model_validate_json(body)

    _check(sdk(), raw_msgspec(), pydantic())
    contenders = [
        Contender(SDK, sdk),
        Contender(MSGSPEC, raw_msgspec),
        Contender(JSON, stdlib),
        Contender(PYDANTIC, pydantic),
    ]
    interleaved(contenders, plan.rounds, plan.block_seconds)
    reference = contenders[3]
    rows = [
        Row(
            label=c.label,
            value=Stats.of([rate * len(body) / 1e6 for rate in c.rates]),
            unit="MB/s",
            ratio=ratios(c, reference),
        )
        for c in contenders
    ]
    ratio = ratios(contenders[0], contenders[1])
    scenario = Scenario(
        key="3",
        title="Decode alone: a 100-agent page (≈ 100 KB), no network",
        reference=PYDANTIC,
        rows=rows,
        targets=[
            Target(
                text="mosaia ≥ 0.97 x bare msgspec",
                measured=fmt_stats(ratio, "x"),
                met=ratio.median >= 0.97,
            )
        ],
        note=f"Page body: {len(body):,} bytes; rates are bytes decoded per second.",
    )
    if not scenario.targets[0].met:
        scenario.profile = profile(sdk, plan.profile_ops)
    return scenario


def _check(sdk: Any, raw: Any, pydantic: Any) -> None:
    # All contenders must read the same page, or the comparison is meaningless.
    page = sdk.unwrap()
    if not isinstance(page, Page) or len(page.items) != 100 or page.items != raw.data:
        raise RuntimeError("the SDK decoded the page differently from msgspec alone")
    if [a.id for a in page.items] != [a.id for a in pydantic.data]:
        raise RuntimeError("pydantic decoded a different page")

"""Scaling scenarios: does a cost stay flat as the work grows?

- page size 10 → 1,000 agents: time per item, against raw urllib3 + bare msgspec;
- ``run_many`` over 1k → 100k calls: peak memory next to what the results themselves hold
  (``tracemalloc``), over an in-memory executor so that only the batch machinery is measured;
- a stream of 10 → 100,000 events: time per event, against raw urllib3 reading the same bytes.

Batch concurrency 1 → 256 is scenario 4 (:mod:`benchmarks.batch`). Each scenario carries a
:class:`~benchmarks.results.Plot` for the chart.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import msgspec
import urllib3
from returns.pipeline import is_successful
from returns.result import Result, Success

from benchmarks import peers
from benchmarks.bodies import one_agent_body
from benchmarks.fetch import sdk_client
from benchmarks.harness import Contender, ServerProcess, Stats, interleaved, ratios
from benchmarks.plan import Plan
from benchmarks.results import Plot, Row, Scenario, Series, Target, fmt
from mosaia import Mosaia, MosaiaConfig
from mosaia.api import agents
from mosaia.http import HttpRequest, HttpResponse
from mosaia.types import Agent

SDK = "mosaia"
FLOOR_DECODED = "raw urllib3 + bare msgspec"
FLOOR_STREAM = "raw urllib3, bytes only"
#: Flat means the largest size costs at most this much more per unit than the cheapest size.
FLAT = 1.25


class _Envelope(msgspec.Struct):
    data: list[Agent] = []
    paging: msgspec.Raw = msgspec.Raw()


def page_sizes(server: ServerProcess, plan: Plan) -> Scenario:
    """Scenario 7: ``GET /agent?limit=N`` for each page size; microseconds per agent."""
    get_all = sdk_client(server).agents.get_all
    pool = urllib3.PoolManager(maxsize=4, retries=False)
    decoder = msgspec.json.Decoder(_Envelope)
    rows: list[Row] = []
    mine: list[float] = []
    theirs: list[float] = []
    try:
        for size in plan.page_sizes:
            url = f"{server.api_url}/agent?limit={size}"
            params = {"limit": size}

            def sdk(params: dict[str, int] = params) -> Any:
                return get_all(params)

            def floor(url: str = url) -> object:
                return decoder.decode(pool.request("GET", url, headers=peers.HEADERS).data)

            page = sdk()
            if not is_successful(page) or len(page.unwrap().items) != size:
                raise RuntimeError(f"the SDK did not read a page of {size}: {page!r}")
            contenders = [Contender(SDK, sdk), Contender(FLOOR_DECODED, floor)]
            interleaved(contenders, max(3, plan.scale_rounds), plan.block_seconds, server)
            ratio = ratios(contenders[0], contenders[1])
            for contender, line in zip(contenders, (mine, theirs), strict=True):
                per_item = Stats.of([1e6 / rate / size for rate in contender.rates])
                line.append(per_item.median)
                rows.append(
                    Row(
                        label=f"{contender.label}, page of {size:,}",
                        value=per_item,
                        unit="µs/item",
                        ratio=ratio if contender.label == SDK else None,
                    )
                )
    finally:
        pool.clear()
    sizes = [float(s) for s in plan.page_sizes]
    growth = mine[-1] / min(mine)
    return Scenario(
        key="7",
        title=f"Scaling: page size {plan.page_sizes[0]:,} → {plan.page_sizes[-1]:,} agents",
        reference=f"{FLOOR_DECODED} (ratio = its rate over the SDK's, per round)",
        rows=rows,
        targets=[
            Target(
                text=f"time per item flat (largest page ≤ {FLAT}x the cheapest per item)",
                measured=f"{growth:.2f}x ({fmt(mine[-1])} against {fmt(min(mine))} µs/item)",
                met=growth <= FLAT,
            )
        ],
        note="The ratio column is the SDK's rate over raw urllib3 + bare msgspec at that size.",
        plot=Plot(
            title="[7] Page size: µs per agent (flat is good)",
            x_label="agents per page",
            y_label="µs per agent",
            series=[Series(SDK, sizes, mine), Series(FLOOR_DECODED, sizes, theirs)],
        ),
    )


class _Memory:
    # An executor answering every request with the same prebuilt agent, from memory.
    def __init__(self) -> None:
        self.answer: Result[HttpResponse, Any] = Success(
            HttpResponse(
                status=200,
                headers=(("Content-Type", "application/json"),),
                body=one_agent_body(),
            )
        )

    def send(self, request: HttpRequest) -> Result[HttpResponse, Any]:
        return self.answer

    def close(self) -> None:
        pass


def batch_memory(_server: ServerProcess, plan: Plan) -> Scenario:
    """Scenario 8: peak memory of ``run_many`` at each batch size, next to the results'."""
    config = MosaiaConfig(api_key=peers.API_KEY, base_url="http://127.0.0.1:9")
    client = Mosaia(config, _Memory())
    rows: list[Row] = []
    held: list[float] = []
    peaks: list[float] = []
    for count in plan.memory_calls:
        calls = [agents.get_by_id(f"a{i}") for i in range(count)]
        client.run_many(calls[:100], concurrency=8)  # warm: threads, decoders, caches
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            started = time.perf_counter()
            results = client.run_many(calls, concurrency=8)
            seconds = time.perf_counter() - started
            current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        if len(results) != count or not all(is_successful(r) for r in results):
            raise RuntimeError("run_many over the in-memory executor failed")
        kept, top = (current - base) / count, (peak - base) / count
        held.append(kept)
        peaks.append(top)
        rows.append(
            Row(
                label=f"run_many, {count:,} calls: peak",
                value=Stats(top, top, top),
                unit="B/call",
                note=f"results hold {fmt(kept)} B/call; {fmt(count / seconds)} calls/s traced",
            )
        )
        del results, calls
    extra = max(p / h for p, h in zip(peaks, held, strict=True))
    counts = [float(c) for c in plan.memory_calls]
    return Scenario(
        key="8",
        title=f"Scaling: run_many over {plan.memory_calls[0]:,} → {plan.memory_calls[-1]:,} calls",
        reference="the memory the returned results hold",
        rows=rows,
        targets=[
            Target(
                text="peak memory grows with the results only (peak ≤ 1.10x what they hold)",
                measured=f"peak at most {extra:.3f}x the results' memory",
                met=extra <= 1.10,
            )
        ],
        note=(
            "Measured with tracemalloc over an in-memory executor (every call answers one "
            "agent, decoded), concurrency 8, so only the batch machinery and the results are "
            "counted; the calls were built before tracing started. Bytes per call stay flat "
            "when memory grows with the number of results and nothing else."
        ),
        plot=Plot(
            title="[8] run_many: bytes per call, peak vs held by the results",
            x_label="calls in the batch",
            y_label="bytes per call",
            series=[Series("peak", counts, peaks), Series("results hold", counts, held)],
        ),
    )


def stream_lengths(server: ServerProcess, plan: Plan) -> Scenario:
    """Scenario 9: a stream of N events read whole; microseconds per event."""
    opener = sdk_client(server).agents.chat_completion_stream
    pool = urllib3.PoolManager(maxsize=4, retries=False)
    url = server.api_url + "/agent/chat/completions"
    headers = {**peers.HEADERS, "Accept": "text/event-stream", "Content-Type": "application/json"}
    rows: list[Row] = []
    mine: list[float] = []
    theirs: list[float] = []
    try:
        for length in plan.stream_lengths:
            sdk = _sdk_reader(opener, length)
            floor = _floor_reader(pool, url, headers, length)
            sdk()  # warm, and fails loudly if the stream is short
            floor()
            rates: dict[str, list[float]] = {SDK: [], FLOOR_STREAM: []}
            readers = [(SDK, sdk), (FLOOR_STREAM, floor)]
            for round_no in range(max(3, plan.scale_rounds)):
                for label, reader in readers if round_no % 2 == 0 else readers[::-1]:
                    gc.collect()
                    started = time.perf_counter()
                    reader()
                    rates[label].append((time.perf_counter() - started) / length * 1e6)
            for label, line in ((SDK, mine), (FLOOR_STREAM, theirs)):
                per_event = Stats.of(rates[label])
                line.append(per_event.median)
                rows.append(
                    Row(label=f"{label}, {length:,} events", value=per_event, unit="µs/event")
                )
    finally:
        pool.clear()
    # Short streams carry the fixed cost of opening one: flatness is judged from 1,000 events up.
    long_ones = [v for n, v in zip(plan.stream_lengths, mine, strict=True) if n >= 1000] or mine
    growth = long_ones[-1] / min(long_ones)
    lengths = [float(n) for n in plan.stream_lengths]
    return Scenario(
        key="9",
        title=(
            f"Scaling: a stream of {plan.stream_lengths[0]:,} → {plan.stream_lengths[-1]:,} events"
        ),
        reference=FLOOR_STREAM,
        rows=rows,
        targets=[
            Target(
                text=f"time per event flat from 1,000 events up (longest ≤ {FLAT}x the cheapest)",
                measured=f"{growth:.2f}x ({fmt(long_ones[-1])} against {fmt(min(long_ones))} µs)",
                met=growth <= FLAT,
            )
        ],
        note=(
            "Every event is one chat completion chunk (about 190 bytes), written back to back by "
            "the server; the SDK parses the Server-Sent Events and decodes each chunk into a "
            "Result, raw urllib3 only reads the bytes. Short streams include opening the stream."
        ),
        plot=Plot(
            title="[9] Stream length: µs per event (flat is good)",
            x_label="events in the stream",
            y_label="µs per event",
            series=[Series(SDK, lengths, mine), Series(FLOOR_STREAM, lengths, theirs)],
        ),
    )


def _sdk_reader(opener: Callable[..., Any], length: int) -> Callable[[], None]:
    body = {"model": "a1", "messages": [{"role": "user", "content": "Hello"}], "events": length}

    def read() -> None:
        seen = 0
        with opener(body) as chunks:
            for result in chunks:
                if not is_successful(result):
                    raise RuntimeError(f"stream event failed: {result!r}")
                seen += 1
        if seen != length:
            raise RuntimeError(f"the SDK read {seen} of {length} events")

    return read


def _floor_reader(
    pool: urllib3.PoolManager, url: str, headers: dict[str, str], length: int
) -> Callable[[], None]:
    body = msgspec.json.encode(
        {
            "model": "a1",
            "messages": [{"role": "user", "content": "Hello"}],
            "stream": True,
            "events": length,
        }
    )

    def read() -> None:
        response = pool.request(
            "POST", url, body=body, headers=headers, preload_content=False, redirect=False
        )
        while response.read1(65536):
            pass
        response.release_conn()

    return read

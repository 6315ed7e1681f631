"""Scenario 4: a batch of calls against a server that takes 20 ms to answer each, at
concurrencies from 1 to 256: throughput, and how close it comes to the ideal
``concurrency / latency``.

The contender is ``client.run_many(calls, concurrency=c)`` with the default client. For context
the same batch is also run by a plain thread pool over raw urllib3 (no SDK, no decoding), which
shows what the interpreter itself allows at that concurrency; the targets hold run_many to at
least that.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import urllib3
from returns.pipeline import is_successful

from benchmarks import peers
from benchmarks.fetch import sdk_client
from benchmarks.harness import ServerProcess, Stats, Usage
from benchmarks.plan import Plan
from benchmarks.profiling import profile
from benchmarks.results import Plot, Row, Scenario, Series, Target, fmt, fmt_stats
from mosaia.api import agents

#: The concurrencies at which run_many must keep up with a plain thread pool over raw urllib3.
TARGET_CONCURRENCIES = (8, 32, 128)


def batch(server: ServerProcess, plan: Plan) -> Scenario:
    """Run ``plan.batch_calls`` calls at each concurrency, ``plan.batch_rounds`` times."""
    title = f"Batch: {plan.batch_calls:,} calls, {plan.latency_ms:.0f} ms server latency"
    client = sdk_client(server)
    run_many = getattr(client, "run_many", None)
    if run_many is None:
        return Scenario(
            key="4",
            title=title,
            status="unavailable",
            note="not available yet: `client.run_many` does not exist",
        )
    delay = {"delay_ms": f"{plan.latency_ms:g}"}
    # Enough calls for the batch and for warming up at the highest concurrency.
    count = max(plan.batch_calls, 2 * max(plan.concurrencies))
    calls = [agents.get_by_id(f"a{i}", delay) for i in range(count)]
    url = server.api_url + f"/agent/a1?delay_ms={plan.latency_ms:g}"
    pool = urllib3.PoolManager(maxsize=64, retries=False)

    def sdk(concurrency: int, count: int) -> None:
        results = run_many(calls[:count], concurrency=concurrency)
        failed = [r for r in results if not is_successful(r)]
        if len(results) != count or failed:
            raise RuntimeError(f"run_many: {len(failed)} of {len(results)} failed: {failed[:1]}")

    def threads(concurrency: int, count: int) -> None:
        def fetch(_: int) -> bytes:
            return pool.request("GET", url, headers=peers.HEADERS).data

        with ThreadPoolExecutor(concurrency) as workers:
            list(workers.map(fetch, range(count)))

    rows: list[Row] = []
    usages: dict[int, Usage] = {}
    pairs: dict[int, Stats] = {}
    for concurrency in plan.concurrencies:
        ideal = concurrency / (plan.latency_ms / 1000)
        contenders: list[tuple[str, Callable[[int, int], None]]] = [("mosaia run_many", sdk)]
        if concurrency > 1:
            contenders.append(("threads + raw urllib3", threads))
        # At concurrency 1 a round is latency x calls long and varies little: one is enough.
        rounds = 1 if concurrency == 1 else plan.batch_rounds
        for _, runner in contenders:
            runner(concurrency, 2 * concurrency)  # warm: open the connections first
        measured = _interleaved(server, contenders, concurrency, plan.batch_calls, rounds)
        for label, (rates, use) in measured.items():
            rows.append(
                Row(
                    label=f"{label}, concurrency {concurrency}",
                    value=Stats.of(rates),
                    unit="calls/s",
                    ratio=Stats.of([rate / ideal for rate in rates]),
                    usage=use,
                    note=f"ideal {fmt(ideal)}/s",
                )
            )
        usages[concurrency] = measured["mosaia run_many"][1]
        if concurrency > 1:
            sdk_rates, thread_rates = (rates for rates, _ in measured.values())
            pairs[concurrency] = Stats.of(
                [a / b for a, b in zip(sdk_rates, thread_rates, strict=True)]
            )
    pool.clear()
    targets = [
        Target(
            text=f"run_many ≥ threads + raw urllib3 at concurrency {concurrency}",
            measured=fmt_stats(pairs[concurrency], "x")
            + f" (client CPU {usages[concurrency].client:.0%} of a core)",
            met=pairs[concurrency].median >= 1.0,
        )
        for concurrency in TARGET_CONCURRENCIES
        if concurrency in pairs
    ]
    scenario = Scenario(
        key="4",
        title=title,
        reference="ideal = concurrency / latency",
        rows=rows,
        targets=targets,
        plot=_plot(rows, plan),
    )
    first = plan.concurrencies[0]
    scenario.note = (
        f"At concurrency {first} a call took {1000 * first / rows[0].value.median:.1f} ms end to "
        f"end (the server's {plan.latency_ms:g} ms timer plus loopback and the event loop's 1 ms "
        "timer granularity), which caps every ratio to the nominal ideal below 1. Rounds of the "
        "two contenders alternate; the target ratios are per round. Both pools keep 64 "
        "connections: above that, the extra connections are opened per call, on both sides."
    )
    if not all(t.met for t in targets):
        one = client.agents.get_by_id
        scenario.profile = profile(lambda: one("a1"), plan.profile_ops)
        scenario.note += (
            " A target was missed: the profile below is of the same call run sequentially, "
            "the per-call CPU cost that bounds a batch once the client nears a full core."
        )
    return scenario


def _plot(rows: list[Row], plan: Plan) -> Plot:
    # calls/s against concurrency for each contender, with the ideal line.
    lines: dict[str, Series] = {}
    for row in rows:
        label, _, concurrency = row.label.rpartition(", concurrency ")
        line = lines.setdefault(label, Series(label=label, x=[], y=[]))
        line.x.append(float(concurrency))
        line.y.append(row.value.median)
    ideal = [float(c) for c in plan.concurrencies]
    lines["ideal"] = Series(label="ideal", x=ideal, y=[c / (plan.latency_ms / 1000) for c in ideal])
    return Plot(
        title=f"[4] Batch at {plan.latency_ms:g} ms latency: calls/s against concurrency",
        x_label="concurrency",
        y_label="calls/s",
        series=list(lines.values()),
    )


def _interleaved(
    server: ServerProcess,
    contenders: list[tuple[str, Callable[[int, int], None]]],
    concurrency: int,
    calls: int,
    rounds: int,
) -> dict[str, tuple[list[float], Usage]]:
    # Each round runs every contender once, the order alternating, so both meet the same load.
    rates: dict[str, list[float]] = {label: [] for label, _ in contenders}
    uses: dict[str, list[Usage]] = {label: [] for label, _ in contenders}
    for round_no in range(rounds):
        order = contenders if round_no % 2 == 0 else contenders[::-1]
        for label, runner in order:
            stats, use = _rounds(server, partial(runner, concurrency, calls), calls, 1)
            rates[label].append(stats.median)
            uses[label].append(use)
    return {
        label: (
            rates[label],
            Usage(
                client=sum(u.client for u in uses[label]) / rounds,
                server=sum(u.server for u in uses[label]) / rounds,
            ),
        )
        for label, _ in contenders
    }


def _rounds(
    server: ServerProcess, run: Callable[[], None], calls: int, rounds: int
) -> tuple[Stats, Usage]:
    rates: list[float] = []
    client_cpu = server_cpu = wall = 0.0
    for _ in range(rounds):
        server_before = server.stats()[0]
        cpu, start = time.process_time(), time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
        client_cpu += time.process_time() - cpu
        server_cpu += server.stats()[0] - server_before
        wall += elapsed
        rates.append(calls / elapsed)
    return Stats.of(rates), Usage(client=client_cpu / wall, server=server_cpu / wall)

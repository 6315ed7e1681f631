"""``python -m benchmarks``: run the suite, print the tables, write the report and the chart.

The full run (``make bench``) writes ``docs/benchmarks.md`` and ``docs/benchmarks.png``; the
quick run (``--quick``) only prints unless given ``--docs``. A scenario whose SDK feature does
not exist yet reports "not available yet"; one that fails reports the error; neither stops the
others.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from benchmarks import batch, decoding, fetch, imports, scaling, streaming, transfers
from benchmarks.harness import ServerProcess
from benchmarks.plan import FULL, QUICK, Plan
from benchmarks.report import Run, chart, machine, markdown, terminal, versions
from benchmarks.results import Scenario

DOCS = Path(__file__).resolve().parent.parent / "docs"

ScenarioFn = Callable[[ServerProcess, Plan], Scenario]

SCENARIOS: dict[str, tuple[str, ScenarioFn]] = {
    "1": ("one agent per request", fetch.one_agent),
    "2": ("a 100-agent page", fetch.agent_page),
    "3": ("decoding alone", lambda _server, plan: decoding.page_decoding(plan)),
    "4": ("batch at 20 ms latency, concurrency 1 to 256", batch.batch),
    "5": ("import time", lambda _server, plan: imports.import_time(plan)),
    "6": ("streaming first chunk", streaming.first_chunk),
    "7": ("scaling: page size", scaling.page_sizes),
    "8": ("scaling: run_many memory", scaling.batch_memory),
    "9": ("scaling: stream length", scaling.stream_lengths),
    "10": ("200 MB upload and download", transfers.large_files),
}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; 0 when every scenario ran (targets missed or not), 1 when any
    failed to run."""
    args = _parser().parse_args(argv)
    plan = QUICK if args.quick else FULL
    chosen = [key.strip() for key in args.only.split(",")] if args.only else list(SCENARIOS)
    unknown = [key for key in chosen if key not in SCENARIOS]
    if unknown:
        sys.stderr.write(f"unknown scenario(s) {unknown}; choose from {list(SCENARIOS)}\n")
        return 2
    docs: Path | None = args.docs if args.docs is not None else (None if args.quick else DOCS)
    if args.no_docs:
        docs = None
    command = "python -m benchmarks" + ("" if not argv else " " + shlex.join(argv))
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    began = time.perf_counter()
    where = machine()
    scenarios: list[Scenario] = []
    with ServerProcess() as server:
        print(f"benchmark server on {server.base_url} ({server.loop_name}); {plan.name} plan")
        for key in chosen:
            name, run = SCENARIOS[key]
            print(f"running [{key}] {name} ...", flush=True)
            scenario = _run_one(key, name, run, server, plan)
            scenarios.append(scenario)
            print(terminal(scenario), flush=True)
            if scenario.profile and args.verbose:
                print(scenario.profile)
        loop_name = server.loop_name
    if hasattr(os, "getloadavg"):
        where["load at end (1/5/15 min)"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    result = Run(
        plan=plan.name,
        command=command,
        started=started,
        seconds=time.perf_counter() - began,
        machine=where,
        versions=versions(),
        server_loop=loop_name,
        scenarios=scenarios,
    )
    print(f"total {result.seconds:.0f} s")
    if docs is not None:
        _write(result, docs)
    if args.json is not None:
        args.json.write_bytes(msgspec.json.format(msgspec.json.encode(result)))
        print(f"wrote {args.json}")
    return 1 if any(s.status == "error" for s in scenarios) else 0


def _run_one(key: str, name: str, run: ScenarioFn, server: ServerProcess, plan: Plan) -> Scenario:
    start = time.perf_counter()
    try:
        scenario = run(server, plan)
    except ImportError as exc:
        # The SDK feature a scenario drives is being built alongside: say so, do not crash.
        scenario = Scenario(
            key=key, title=name, status="unavailable", note=f"not available yet: {exc}"
        )
    except Exception as exc:
        traceback.print_exc()
        scenario = Scenario(
            key=key, title=name, status="error", note=f"{type(exc).__name__}: {exc}"
        )
    scenario.seconds = time.perf_counter() - start
    return scenario


def _write(result: Run, docs: Path) -> None:
    docs.mkdir(parents=True, exist_ok=True)
    png = docs / "benchmarks.png"
    drawn = chart(result, png)
    (docs / "benchmarks.md").write_text(markdown(result, png.name if drawn else None))
    print(f"wrote {docs / 'benchmarks.md'}" + (f" and {png}" if drawn else ""))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="mosaia against raw urllib3, requests+pydantic and httpx+pydantic.",
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run (~1 minute)")
    parser.add_argument("--only", help="comma-separated scenario numbers, e.g. 1,2,3")
    parser.add_argument(
        "--docs", type=Path, help="write benchmarks.md/.png here (default: docs/ for a full run)"
    )
    parser.add_argument("--no-docs", action="store_true", help="write no report")
    parser.add_argument("--json", type=Path, help="also dump the raw results as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print profiles too")
    return parser

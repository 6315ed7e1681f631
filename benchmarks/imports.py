"""Scenario 5: what ``import mosaia`` costs a fresh interpreter, next to importing exactly the
third-party modules it pulls in (its own dependencies alone).

Each measurement is a new ``python`` process timing the import statement itself (startup is
excluded: it is the same for both), interleaved and repeated. One extra run under
``python -X importtime`` says which of the SDK's own modules take the time.

Both sides import from cached bytecode, as they would after ``pip install``: the children write
and read ``.pyc`` files under a private ``PYTHONPYCACHEPREFIX`` even where the environment sets
``PYTHONDONTWRITEBYTECODE`` (which would otherwise make the editable SDK compile its sources on
every import while its dependencies load the ``.pyc`` files pip wrote).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping

from benchmarks.harness import Stats
from benchmarks.plan import Plan
from benchmarks.results import Row, Scenario, Target, fmt, fmt_stats

SDK = "import mosaia"
DEPS = "its dependencies alone"
BUDGET_MS = 15.0

_TIMED = "import time\n_t = time.perf_counter()\n{body}\nprint(time.perf_counter() - _t)\n"
_IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def dependency_modules() -> list[str]:
    """The modules of mosaia's declared runtime dependencies that ``import mosaia`` loads, in
    the order it loads them (found in a fresh interpreter, so nothing else is counted)."""
    probe = (
        "import sys, json\nbefore = set(sys.modules)\nimport mosaia\n"
        "print(json.dumps([m for m in sys.modules if m not in before]))\n"
    )
    loaded: list[str] = json.loads(_python(probe))
    required = {
        re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0].lower().replace("_", "-")
        for spec in importlib.metadata.requires("mosaia") or []
        if "extra ==" not in spec
    }
    owners = importlib.metadata.packages_distributions()
    return [
        name
        for name in loaded
        if any(
            dist.lower().replace("_", "-") in required
            for dist in owners.get(name.partition(".")[0], [])
        )
    ]


def import_time(plan: Plan) -> Scenario:
    """Median import seconds of mosaia and of its dependencies alone; target: within
    ``BUDGET_MS``."""
    with tempfile.TemporaryDirectory(prefix="mosaia-bench-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        return _import_time(plan, env)


def _import_time(plan: Plan, env: Mapping[str, str]) -> Scenario:
    modules = dependency_modules()
    deps_body = "\n".join(
        f"try:\n    import {name}\nexcept Exception:\n    pass" for name in modules
    )
    scripts = {SDK: "import mosaia", DEPS: deps_body}
    for body in scripts.values():
        _python(_TIMED.format(body=body), env)  # write the .pyc files before timing anything
    samples: dict[str, list[float]] = {label: [] for label in scripts}
    for round_no in range(plan.import_runs):
        order = list(scripts) if round_no % 2 == 0 else list(reversed(scripts))
        for label in order:
            samples[label].append(float(_python(_TIMED.format(body=scripts[label]), env)) * 1000)
    sdk, deps = Stats.of(samples[SDK]), Stats.of(samples[DEPS])
    gap = Stats.of([a - b for a, b in zip(samples[SDK], samples[DEPS], strict=True)])
    rows = [Row(label=SDK, value=sdk, unit="ms"), Row(label=DEPS, value=deps, unit="ms")]
    extra = own_modules(deps_body, env)
    tops = ", ".join(f"{name} {fmt(ms)}" for name, ms in extra[:8])
    return Scenario(
        key="5",
        title="`import mosaia` vs its own dependencies alone (fresh interpreter)",
        reference=DEPS,
        rows=rows,
        targets=[
            Target(
                text=f"mosaia within {BUDGET_MS:.0f} ms of its dependencies",
                measured=fmt_stats(gap, " ms"),
                met=gap.median <= BUDGET_MS,
            )
        ],
        note=(
            f"Dependencies: {len(modules)} modules of "
            f"{', '.join(sorted({m.partition('.')[0] for m in modules}))}. "
            f"`python -X importtime` finds {len(extra)} modules (the SDK's own and the stdlib "
            f"modules only it needs) taking {fmt(sum(ms for _, ms in extra))} ms of self time; "
            f"the slowest (ms): {tops}."
        ),
    )


def own_modules(deps_body: str, env: Mapping[str, str] | None = None) -> list[tuple[str, float]]:
    """Modules ``import mosaia`` loads that importing its dependencies alone (``deps_body``)
    does not: its own and the stdlib modules only it needs, by self time in milliseconds,
    slowest first, from one ``-X importtime`` run of each."""
    skip = {name for name, _ in _importtime(deps_body, env)}
    return sorted(
        ((name, us / 1000) for name, us in _importtime("import mosaia", env) if name not in skip),
        key=lambda item: item[1],
        reverse=True,
    )


def _importtime(code: str, env: Mapping[str, str] | None) -> list[tuple[str, float]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found = []
    for line in done.stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match:
            found.append((match.group(4), float(match.group(1))))
    return found


def _python(code: str, env: Mapping[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return done.stdout.strip()

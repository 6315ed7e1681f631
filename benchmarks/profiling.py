"""cProfile, summarized per operation: where one call of the SDK spends its time.

Used when a target is missed, so the report says what the profile showed instead of guessing.
Times are divided by the number of operations profiled, so they read as microseconds per call.
"""

from __future__ import annotations

import cProfile
import os
import pstats
from collections.abc import Callable

_SITE = os.sep + "site-packages" + os.sep


def profile(fn: Callable[[], object], count: int, top: int = 18) -> str:
    """A table of the ``top`` functions by own time while ``fn`` ran ``count`` times: own and
    cumulative microseconds per operation, calls per operation, and where the function lives."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        fn()
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in entries.values())
    rows = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:top]
    lines = [
        f"cProfile of {count} operations; {total / count * 1e6:.1f} µs/op profiled in total "
        "(profiling inflates small functions; read the proportions)",
        f"{'own µs/op':>10} {'cum µs/op':>10} {'calls/op':>9}  function",
    ]
    for (path, line, name), (_, ncalls, own, cumulative, _) in rows:
        lines.append(
            f"{own / count * 1e6:10.2f} {cumulative / count * 1e6:10.2f} "
            f"{ncalls / count:9.2f}  {name} ({_short(path)}:{line})"
        )
    return "\n".join(lines)


def _short(path: str) -> str:
    if _SITE in path:
        return path.split(_SITE, 1)[1]
    marker = os.sep + "mosaia" + os.sep
    if marker in path:
        return "mosaia" + os.sep + path.split(marker, 1)[1]
    return os.path.basename(path) if os.sep in path else path

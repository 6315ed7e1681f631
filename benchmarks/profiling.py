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
    owners: dict[str, float] = {}
    for (path, _, name), row in entries.items():
        owner = _owner(path, name)
        owners[owner] = owners.get(owner, 0.0) + row[2]
    lines.append(
        "own time by owner, µs/op: "
        + ", ".join(
            f"{owner} {seconds / count * 1e6:.1f}"
            for owner, seconds in sorted(owners.items(), key=lambda item: item[1], reverse=True)
        )
    )
    return "\n".join(lines)


def _owner(path: str, name: str) -> str:
    # Who a function belongs to, so the SDK's own share stands out from the HTTP machinery that
    # the floor pays as well.
    if "sendall" in name or "recv_into" in name or "socket" in path:
        return "socket"
    for marker, owner in (
        (os.sep + "mosaia" + os.sep, "mosaia"),
        (os.sep + "returns" + os.sep, "returns"),
        (os.sep + "urllib3" + os.sep, "urllib3"),
        (os.sep + "http" + os.sep, "http.client"),
        (os.sep + "email" + os.sep, "http.client"),
    ):
        if marker in path:
            return owner
    if "msgspec" in name:
        return "msgspec"
    return "other"


def _short(path: str) -> str:
    if _SITE in path:
        return path.split(_SITE, 1)[1]
    marker = os.sep + "mosaia" + os.sep
    if marker in path:
        return "mosaia" + os.sep + path.split(marker, 1)[1]
    return os.path.basename(path) if os.sep in path else path

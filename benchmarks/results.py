"""What a scenario hands back: rows of measurements, the targets it was held to, and notes.

Plain values (msgspec Structs) so a run can be printed, written as Markdown, charted, or dumped
as JSON for comparison with a later run.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from benchmarks.harness import Stats, Usage

Status = Literal["ok", "unavailable", "error", "pending"]


class Row(msgspec.Struct):
    """One contender's result: its measured value (per-round median, min, max) in ``unit``, its
    ratio to the scenario's reference when there is one, and the CPU shares it ran at."""

    label: str
    value: Stats
    unit: str
    ratio: Stats | None = None
    usage: Usage | None = None
    note: str = ""


class Target(msgspec.Struct):
    """A promise from the issue, what was measured against it, and whether it held."""

    text: str
    measured: str
    met: bool


class Series(msgspec.Struct):
    """One line of a scaling plot: ``y`` (per-round medians) against ``x``."""

    label: str
    x: list[float]
    y: list[float]


class Plot(msgspec.Struct):
    """A scaling scenario's chart: its lines, axis names, and whether x is logarithmic."""

    title: str
    x_label: str
    y_label: str
    series: list[Series]
    log_x: bool = True


class Scenario(msgspec.Struct):
    """One scenario of the suite: ``status`` is ``unavailable`` when the SDK does not have the
    feature yet, ``error`` when running it failed, ``pending`` when it waits on work not merged
    yet (``note`` says why)."""

    key: str
    title: str
    status: Status = "ok"
    reference: str = ""
    rows: list[Row] = msgspec.field(default_factory=list)
    targets: list[Target] = msgspec.field(default_factory=list)
    note: str = ""
    profile: str = ""
    seconds: float = 0.0
    plot: Plot | None = None


def fmt(value: float) -> str:
    """A number with about three significant digits, without scientific notation."""
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def fmt_stats(stats: Stats, suffix: str = "") -> str:
    """``median (min to max)``."""
    return f"{fmt(stats.median)}{suffix} ({fmt(stats.low)} to {fmt(stats.high)})"

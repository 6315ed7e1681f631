"""Walking a long list holds one page at a time: peak memory does not grow with the list."""

from __future__ import annotations

import gc
import tracemalloc

from returns.result import Success

from mosaia import Mosaia
from mosaia.testing import Simulator

PAGE = 500


def filled(count: int) -> Mosaia:
    sim = Simulator()
    for i in range(count):
        sim.insert("/agent", {"name": f"agent {i}", "short_description": "x" * 40})
    client = Mosaia(sim.config(), sim)
    client.agents.get_all({"limit": 1})  # decoders and caches built before measuring
    return client


def peak_bytes_walking(client: Mosaia) -> tuple[int, int]:
    """Items seen and the peak of memory allocated while walking them (none are kept)."""
    gc.collect()
    tracemalloc.start()
    try:
        seen = sum(isinstance(r, Success) for r in client.agents.iterate({"limit": PAGE}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seen, peak


def test_iterating_10000_items_keeps_peak_memory_flat() -> None:
    seen_small, peak_small = peak_bytes_walking(filled(2_000))
    seen_large, peak_large = peak_bytes_walking(filled(10_000))
    assert (seen_small, seen_large) == (2_000, 10_000)
    # Five times the items: a walk that kept them would peak near five times higher.
    assert peak_large < 1.5 * peak_small

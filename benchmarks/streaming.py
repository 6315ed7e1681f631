"""Scenario 6: how long a streamed chunk takes from leaving the server to being in the user's
hand, as a decoded ``ChatCompletionChunk`` inside a ``Result``.

The server writes each event with its own monotonic clock (``time.monotonic_ns``, one system-wide
clock on Linux, so the two processes can be compared) as the chunk's content, a couple of
milliseconds after the headers, so the client is already waiting when it arrives. The client
reads its clock the moment the chunk reaches it. The floor is raw urllib3 handing over the first
bytes of the body, unparsed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import urllib3

from benchmarks import peers
from benchmarks.bodies import CHUNK_PREFIX, CHUNK_SUFFIX
from benchmarks.fetch import sdk_client
from benchmarks.harness import ServerProcess, Stats
from benchmarks.plan import Plan
from benchmarks.results import Row, Scenario, Target, fmt_stats

SDK = "mosaia: first ChatCompletionChunk in a Result"
SDK_ALL = "mosaia: every chunk (mean over a stream)"
FLOOR = "floor: raw urllib3 first body bytes"
BODY = {"model": "a1", "messages": [{"role": "user", "content": "Hello"}]}


def first_chunk(server: ServerProcess, plan: Plan) -> Scenario:
    """Open ``plan.streams`` streams per round with each reader, interleaved; target < 1 ms."""
    title = "Streaming: server's first byte → first chunk in the user's hand"
    client = sdk_client(server)
    opener = getattr(client.agents, "chat_completion_stream", None)
    if opener is None:
        return Scenario(
            key="6",
            title=title,
            status="unavailable",
            note="not available yet: `client.agents.chat_completion_stream` does not exist",
        )
    sdk_first: list[float] = []
    sdk_all: list[float] = []
    floor_first: list[float] = []
    read_floor, close_floor = _floor(server.api_url + "/agent/chat/completions")

    def read_sdk() -> None:
        first, mean = _read_sdk_stream(opener)
        sdk_first.append(first)
        sdk_all.append(mean)

    def floor() -> None:
        floor_first.append(read_floor())

    try:
        read_sdk()  # opens the connection and fails loudly now if streaming is broken
        floor()
        del sdk_first[:], sdk_all[:], floor_first[:]
        sdk_rounds: list[float] = []
        floor_rounds: list[float] = []
        for round_no in range(plan.stream_rounds):
            for reader in (read_sdk, floor) if round_no % 2 == 0 else (floor, read_sdk):
                for _ in range(plan.streams):
                    reader()
            sdk_rounds.append(statistics.median(sdk_first[-plan.streams :]))
            floor_rounds.append(statistics.median(floor_first[-plan.streams :]))
    finally:
        close_floor()
    # Per-round medians summarize each contender; the spread of single streams is in the note.
    sdk = Stats.of(sdk_rounds)
    rows = [
        Row(label=SDK, value=sdk, unit="ms"),
        Row(label=SDK_ALL, value=Stats.of(sdk_all), unit="ms"),
        Row(label=FLOOR, value=Stats.of(floor_rounds), unit="ms"),
    ]
    worst = sorted(sdk_first)[int(len(sdk_first) * 0.99) - 1]
    return Scenario(
        key="6",
        title=title,
        reference=FLOOR,
        rows=rows,
        targets=[Target(text="mosaia < 1 ms", measured=fmt_stats(sdk, " ms"), met=sdk.median < 1)],
        note=(
            f"{len(sdk_first)} streams per contender; single SDK streams ranged "
            f"{min(sdk_first):.3f} to {max(sdk_first):.3f} ms (p99 {worst:.3f} ms). "
            "Values are per-round medians (min to max over rounds)."
        ),
    )


def _read_sdk_stream(opener: Callable[..., Any]) -> tuple[float, float]:
    # What a user writes: open the stream, take chunks as they come. The clock is read the
    # moment a decoded chunk is in hand; the arithmetic happens after.
    stamps: list[tuple[int, Any]] = []
    with opener(BODY) as chunks:
        for result in chunks:
            stamps.append((time.monotonic_ns(), result))
    latencies = [(now - _sent_at(result.unwrap())) / 1e6 for now, result in stamps]
    if not latencies:
        raise RuntimeError("the SDK stream yielded no chunks")
    return latencies[0], statistics.fmean(latencies)


def _sent_at(chunk: Any) -> int:
    return int(chunk.choices[0].delta.content)


def _floor(url: str) -> tuple[Callable[[], float], Callable[[], None]]:
    pool = urllib3.PoolManager(maxsize=4, retries=False)
    headers = {**peers.HEADERS, "Accept": "text/event-stream", "Content-Type": "application/json"}
    body = b'{"model":"a1","messages":[{"role":"user","content":"Hello"}],"stream":true}'

    def read() -> float:
        response = pool.request(
            "POST", url, body=body, headers=headers, preload_content=False, redirect=False
        )
        first = response.read1(65536)
        now = time.monotonic_ns()
        rest = [first]
        while piece := response.read1(65536):
            rest.append(piece)
        response.release_conn()
        start = first.index(CHUNK_PREFIX) + len(CHUNK_PREFIX)
        return (now - int(first[start : first.index(CHUNK_SUFFIX, start)])) / 1e6

    return read, pool.clear

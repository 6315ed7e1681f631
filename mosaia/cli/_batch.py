"""``mosaia run CALLS.jsonl``: run prepared calls, one result line per call, resuming.

Calls are read as :func:`msgspec.json.encode` writes a :class:`~mosaia.request.Call`, one per
line; results are written as :mod:`mosaia.jsonl` lines (``index`` is the call's line among the
calls). Results are appended chunk by chunk as they come, so an interrupted run loses at most
the chunk in flight; at the end the file is rewritten in input order, one line per call.
Without an output file the lines go to stdout, in input order. A rerun with the same output
sends only the calls without a successful result there: a call that failed is tried again, one
that succeeded is never sent twice.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, BinaryIO

import msgspec
from returns.result import Failure, Result, Success

from mosaia._progress import Progress, ProgressBar
from mosaia.batch import RateLimiter, run_many
from mosaia.cli._common import FAILED, INTERRUPTED, OK, UsageError, client_from_env, say
from mosaia.errors import MosaiaError, TransportError
from mosaia.jsonl import Line, encode_line
from mosaia.request import Call

#: Calls sent between two appends to the output: what an interruption can cost at most.
CHUNK = 256

_CALL = msgspec.json.Decoder(Call[Any])
_LINE = msgspec.json.Decoder(Line)


def read_calls(path: str) -> list[Call[Any]]:
    """The calls in ``path``, one JSON-encoded call a line (blank lines skipped); a line that
    is not a call is a usage error naming its line number."""
    calls: list[Call[Any]] = []
    try:
        with open(path, "rb") as source:
            for number, line in enumerate(source, 1):
                if not line.strip():
                    continue
                try:
                    calls.append(_CALL.decode(line))
                except msgspec.DecodeError as exc:
                    raise UsageError(f"{path}, line {number}: not a call ({exc})") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return calls


def stored_lines(path: str) -> dict[int, bytes]:
    """The result lines already in ``path`` by call index, the last one for each index winning
    (a retried call appends its new result after the old one); ``{}`` when there is no file.
    Lines that do not decode (a half-written last line, say) are dropped: their calls run again."""
    found: dict[int, bytes] = {}
    try:
        with open(path, "rb") as stored:
            for raw in stored:
                try:
                    line = _LINE.decode(raw)
                except msgspec.DecodeError:
                    continue
                found[line.index] = raw if raw.endswith(b"\n") else raw + b"\n"
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return found


def succeeded(raw: bytes) -> bool:
    """Whether a stored result line holds a success."""
    return _LINE.decode(raw).ok


def run_command(source: str, output: str | None, concurrency: int, rate: float | None) -> int:
    """Run the calls of ``source``, their results into ``output`` (resuming what it holds) or,
    without one, onto stdout; the exit status: 0 when every call has a successful result, 1
    when some failed, 130 when interrupted."""
    if concurrency < 1:
        raise UsageError(f"--concurrency must be at least 1, not {concurrency}")
    if rate is not None and not rate > 0:
        raise UsageError(f"--rate must be a positive number of calls a second, not {rate}")
    calls = read_calls(source)
    stored = stored_lines(output) if output is not None else {}
    todo = [i for i in range(len(calls)) if not (i in stored and succeeded(stored[i]))]
    skipped = len(calls) - len(todo)
    if skipped:
        say(f"{skipped} of {len(calls)} calls already answered in {output}; sending {len(todo)}")
    bar = ProgressBar(sys.stderr)
    # One limiter for every chunk: the rate holds across them, not afresh for each.
    limiter = RateLimiter(rate) if rate is not None else None
    failed = 0
    interrupted = False
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(client_from_env())
        # Without a file the lines go to stdout, which is not ours to close.
        out = stack.enter_context(_append(output)) if output is not None else sys.stdout.buffer
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            done_before, failed_before = start, failed

            def report(p: Progress, done: int = done_before, bad: int = failed_before) -> None:
                bar(Progress(skipped + done + p.done, len(calls), bad + p.failed))

            results = run_many(
                [calls[i] for i in chunk],
                client.config,
                client.executor,
                concurrency=concurrency,
                rate_limit=limiter,
                on_progress=report,
            )
            for index, result in zip(chunk, results, strict=True):
                out.write(encode_line(index, calls[index], result))
                failed += isinstance(result, Failure)
            out.flush()
            if any(_cancelled(r) for r in results):
                interrupted = True
                break
    if output is not None:
        compact(output, len(calls))
    where = f"{output}; run again to resume" if output is not None else "stdout"
    if interrupted:
        say(f"interrupted: the results so far are in {where}")
        return INTERRUPTED
    if failed:
        say(f"{failed} of {len(calls)} calls failed; their errors are in {where}")
        return FAILED
    return OK


def compact(path: str, count: int) -> None:
    """Rewrite ``path`` with one line per call index below ``count``, in input order (the last
    line written for an index wins), atomically: a reader never sees half of it."""
    lines = stored_lines(path)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as out:
        out.writelines(lines[i] for i in sorted(lines) if 0 <= i < count)
    os.replace(temporary, path)


def _append(path: str) -> BinaryIO:
    try:
        return open(path, "ab")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _cancelled(result: Result[Any, MosaiaError]) -> bool:
    if isinstance(result, Success):
        return False
    error = result.failure()
    return isinstance(error, TransportError) and error.code == "cancelled"

"""What every command of the command line shares: the client from the environment, how a
value is printed and how an error is told (one line on stderr, never a traceback)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import msgspec

from mosaia.client import Mosaia
from mosaia.config import MosaiaConfig, config_problem
from mosaia.errors import MosaiaError

#: Exit statuses: all went well, some call failed, the command line was wrong, interrupted.
OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A command line that cannot be carried out as given: told on one line, exit status 2."""


def client_from_env() -> Mosaia:
    """A client configured from the ``MOSAIA_*`` variables; a config the SDK cannot use is a
    usage error naming why (before anything is sent)."""
    config = MosaiaConfig.from_env()
    problem = config_problem(config)
    if problem is not None:
        raise UsageError(f"the MOSAIA_* environment does not make a usable config: {problem}")
    return Mosaia(config)


def describe(error: MosaiaError) -> str:
    """An SDK error in one line: its kind, the HTTP status when there is one, and its message
    (error messages are built from redacted URLs, so the line is safe to show)."""
    status = getattr(error, "status", None)
    kind = type(error).__name__ + (f" (HTTP {status})" if status is not None else "")
    message = " ".join(str(getattr(error, "message", "")).split())
    return f"{kind}: {message}" if message else kind


def print_json(value: Any, out: TextIO | None = None) -> None:
    """``value`` as indented JSON on ``out`` (stdout by default)."""
    stream = out if out is not None else sys.stdout
    stream.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n")
    stream.flush()


def say(message: str) -> None:
    """One line on stderr, prefixed with the command's name."""
    sys.stderr.write(f"mosaia: {message}\n")
    sys.stderr.flush()

"""The ``mosaia`` command line: run prepared calls, any operation, a chat, the simulator.

    mosaia run CALLS.jsonl [-o RESULTS.jsonl] [--concurrency N] [--rate R]
    mosaia <group> <operation> [ARGS] [--json BODY] [--under PARENT=ID] [--key VALUE]
    mosaia chat AGENT_ID [MESSAGE]
    mosaia sim [--port N] [--fixtures]

Every command but ``sim`` talks to the platform ``MosaiaConfig.from_env()`` describes
(``MOSAIA_API_KEY``, ``MOSAIA_BASE_URL``, ...). Exit status: 0 when all went well, 1 when a
call failed, 2 for a command line that cannot be carried out, 130 when interrupted. Errors are
told on one line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mosaia._version import __version__
from mosaia.cli._batch import run_command
from mosaia.cli._chat import chat_command
from mosaia.cli._common import FAILED, INTERRUPTED, USAGE, UsageError, say
from mosaia.cli._groups import add_group_parsers, run_operation
from mosaia.cli._sim import sim_command

__all__ = ["main", "parser"]


class _Parser(argparse.ArgumentParser):
    # argparse prints usage and exits 2 itself; this keeps its one-line message and status
    # but says which command it was.
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """The command line's parser (every group and operation included, with their help)."""
    top = _Parser(
        prog="mosaia",
        description="The Mosaia platform from the shell: prepared calls, any API operation, "
        "a streamed chat, and a local simulator.",
        epilog="Configured by MOSAIA_API_KEY, MOSAIA_BASE_URL and the other MOSAIA_* variables.",
    )
    top.add_argument("--version", action="version", version=f"mosaia {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        help="run prepared calls from a JSON-lines file, resuming an earlier run",
        description="Run the calls of CALLS.jsonl (one msgspec-encoded Call a line) and write "
        "one result line per call (mosaia.jsonl lines) in input order. Rerun with the same -o "
        "file and only the calls without a successful result are sent.",
    )
    run.add_argument("calls", metavar="CALLS.jsonl", help="the prepared calls, one a line")
    run.add_argument(
        "-o",
        "--output",
        metavar="RESULTS.jsonl",
        help="the results file, resumed if present (default: stdout)",
    )
    run.add_argument("--concurrency", type=int, default=8, help="calls in flight (default 8)")
    run.add_argument("--rate", type=float, default=None, help="at most R calls started a second")

    chat = commands.add_parser(
        "chat",
        help="chat with an agent, the reply streamed as it arrives",
        description="Send MESSAGE to the agent and print the streamed reply; without MESSAGE, "
        "read one message a line from stdin until end of input.",
    )
    chat.add_argument("agent", metavar="AGENT_ID")
    chat.add_argument("message", metavar="MESSAGE", nargs="?")

    sim = commands.add_parser(
        "sim",
        help="serve the simulator on loopback and print the variables to export",
        description="Serve the in-memory Mosaia simulator on 127.0.0.1 until interrupted. "
        "Prints `export` lines for MOSAIA_BASE_URL and MOSAIA_API_KEY.",
    )
    sim.add_argument("--port", type=int, default=8787, help="port (0 picks a free one)")
    sim.add_argument("--fixtures", action="store_true", help="seed a small realistic world")

    add_group_parsers(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); the exit status. Never
    raises: every error is one line on stderr."""
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        say(f"error: {exc}")
        return USAGE
    except KeyboardInterrupt:
        say("interrupted")
        return INTERRUPTED
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else USAGE
    except BrokenPipeError:
        # `mosaia agents get-all | head`: the reader left; nothing more to tell it.
        return FAILED
    except Exception as exc:
        say(f"{type(exc).__name__}: {exc}")
        return FAILED


def _dispatch(argv: list[str]) -> int:
    # Groups and operations may be typed with underscores as in Python: agent_groups get_all.
    if argv and argv[0] not in ("run", "chat", "sim") and not argv[0].startswith("-"):
        argv[:2] = [a.replace("_", "-") if not a.startswith("-") else a for a in argv[:2]]
    args, extras = parser().parse_known_args(argv)
    if args.command == "run":
        _no_extras(extras)
        return run_command(args.calls, args.output, args.concurrency, args.rate)
    if args.command == "chat":
        _no_extras(extras)
        return chat_command(args.agent, args.message)
    if args.command == "sim":
        _no_extras(extras)
        return sim_command(args.port, args.fixtures)
    return run_operation(args, extras)


def _no_extras(extras: Sequence[str]) -> None:
    if extras:
        raise UsageError(f"unrecognized arguments: {' '.join(extras)}")

"""``mosaia chat AGENT_ID [MESSAGE]``: a streamed chat with an agent in the terminal.

With a message: one exchange, the reply printed as it arrives. Without one: a prompt loop
reading a line at a time from stdin until end of input, the conversation carried along so the
agent sees what was said before.
"""

from __future__ import annotations

import sys
from typing import Any

from returns.result import Failure

from mosaia.cli._common import FAILED, OK, client_from_env, describe, say
from mosaia.client import Mosaia


def chat_command(agent: str, message: str | None) -> int:
    """Chat with ``agent``; the exit status (1 when an exchange failed)."""
    with client_from_env() as client:
        if message is not None:
            return OK if exchange(client, agent, [_said("user", message)]) is not None else FAILED
        return loop(client, agent)


def loop(client: Mosaia, agent: str) -> int:
    """Prompt, send, print the streamed reply; until stdin ends. A failed exchange is told and
    the loop goes on (the message is dropped from the conversation)."""
    history: list[dict[str, Any]] = []
    status = OK
    prompt = sys.stdin.isatty()
    while True:
        if prompt:
            sys.stderr.write("you> ")
            sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            return status
        text = line.strip()
        if not text:
            continue
        reply = exchange(client, agent, [*history, _said("user", text)])
        if reply is None:
            status = FAILED
            continue
        history += [_said("user", text), _said("assistant", reply)]


def exchange(client: Mosaia, agent: str, messages: list[dict[str, Any]]) -> str | None:
    """Send ``messages``, print the reply's text as it streams; the whole reply, or ``None``
    when the exchange failed (told on stderr)."""
    pieces: list[str] = []
    with client.agents.chat_completion_stream(id=agent, messages=messages) as stream:
        for event in stream:
            if isinstance(event, Failure):
                _end_line(pieces)
                say(describe(event.failure()))
                return None
            for choice in event.unwrap().choices:
                text = choice.delta.content if choice.delta is not None else None
                if text:
                    pieces.append(text)
                    sys.stdout.write(text)
                    sys.stdout.flush()
    _end_line(pieces, always=True)
    return "".join(pieces)


def _end_line(pieces: list[str], *, always: bool = False) -> None:
    if pieces or always:
        sys.stdout.write("\n")
        sys.stdout.flush()


def _said(role: str, content: str) -> dict[str, Any]:
    return {"role": role, "content": content}

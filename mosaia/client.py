"""``Mosaia``: a config and an executor bound together, with the API groups hanging off it.

A thin layer: ``client.agents.get_by_id("a1")`` is ``client.run(agents.get_by_id("a1"))``, and
``client.run`` is :func:`mosaia.run.run` with the bound config and executor. Immutable:
:meth:`Mosaia.with_config` and :meth:`Mosaia.with_executor` return new clients.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar

from returns.result import Result

from mosaia.config import MosaiaConfig
from mosaia.errors import MosaiaError
from mosaia.executors.base import Executor
from mosaia.executors.pool import Urllib3Executor
from mosaia.groups.agents import Agents
from mosaia.request import Call
from mosaia.run import run

T = TypeVar("T")


class Mosaia:
    """The Mosaia client. ``Mosaia()`` reads nothing implicitly; ``Mosaia(MosaiaConfig.from_env())``
    uses the ``MOSAIA_*`` variables. Without an executor it sends over urllib3."""

    def __init__(
        self, config: MosaiaConfig | None = None, executor: Executor | None = None
    ) -> None:
        self._config = config if config is not None else MosaiaConfig()
        self._executor = executor if executor is not None else Urllib3Executor()

    @property
    def config(self) -> MosaiaConfig:
        """The configuration every call of this client is prepared with."""
        return self._config

    @property
    def executor(self) -> Executor:
        """The executor every call of this client is sent through."""
        return self._executor

    def __repr__(self) -> str:
        return f"Mosaia({self._config!r}, executor={type(self._executor).__name__})"

    def with_config(self, config: MosaiaConfig | None = None, **changes: Any) -> Mosaia:
        """A new client with ``config`` (or this one's with ``changes``) and the same executor."""
        base = config if config is not None else self._config
        return Mosaia(base.replace(**changes) if changes else base, self._executor)

    def with_executor(self, executor: Executor) -> Mosaia:
        """A new client with the same config sending through ``executor``."""
        return Mosaia(self._config, executor)

    def run(self, call: Call[T]) -> Result[T, MosaiaError]:
        """Run one call; see :func:`mosaia.run.run`. Never raises."""
        return run(call, self._config, self._executor)

    @cached_property
    def agents(self) -> Agents:
        """Agents: CRUD and chat completions."""
        return Agents(self)

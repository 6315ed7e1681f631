"""Test doubles for code that uses mosaia: the simulator, a fake executor, cassettes.

- :class:`Simulator`: a stateful in-memory Mosaia, in-process (``Mosaia(sim.config(), sim)``)
  or served on 127.0.0.1 (:func:`serve`, ``python -m mosaia.testing.server``), seeded on request
  (:meth:`Simulator.with_fixtures`, ids in :data:`IDS`) and made to misbehave with
  :class:`Faults`;
- :class:`FakeExecutor`: canned answers by method and path pattern, with assertions;
- :class:`Recorder` / :class:`Player` (or :func:`cassette`, which picks one): cassettes of real
  exchanges, secrets redacted;
- :mod:`mosaia.testing.strategies`: hypothesis strategies (imported separately: it needs
  ``hypothesis``, which nothing else here does).
"""

from mosaia.testing._cassettes import Player, Recorder, cassette
from mosaia.testing._fake import FakeExecutor, api_path, error, ok, page, respond
from mosaia.testing._serving import SimulatorServer, serve
from mosaia.testing._sim import DEFAULT_API_KEY, Simulator
from mosaia.testing._sim.faults import Faults
from mosaia.testing._sim.fixtures import IDS

__all__ = [
    "DEFAULT_API_KEY",
    "IDS",
    "FakeExecutor",
    "Faults",
    "Player",
    "Recorder",
    "Simulator",
    "SimulatorServer",
    "api_path",
    "cassette",
    "error",
    "ok",
    "page",
    "respond",
    "serve",
]

"""Test doubles for code that uses mosaia: the simulator, a fake executor, a loopback server."""

from mosaia.testing.fake import FakeExecutor, api_path, respond
from mosaia.testing.server import SimulatorServer, serve
from mosaia.testing.sim import DEFAULT_API_KEY, Simulator

__all__ = [
    "DEFAULT_API_KEY",
    "FakeExecutor",
    "Simulator",
    "SimulatorServer",
    "api_path",
    "respond",
    "serve",
]

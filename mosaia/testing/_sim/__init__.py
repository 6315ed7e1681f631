"""The Mosaia simulator: an in-memory, stateful API double (see :class:`Simulator`).

Importing this package registers every feature module's routes."""

from mosaia.testing._sim import auth, chat, resources
from mosaia.testing._sim.core import DEFAULT_API_KEY, SimRequest, Simulator

__all__ = ["DEFAULT_API_KEY", "SimRequest", "Simulator", "auth", "chat", "resources"]

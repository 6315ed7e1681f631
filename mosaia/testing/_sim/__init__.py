"""The Mosaia simulator: an in-memory, stateful API double (see :class:`Simulator`).

Importing it has no side effects: the simulator's route table is built explicitly in
:mod:`mosaia.testing._sim.core` from each feature module's ``ROUTES``."""

from mosaia.testing._sim.core import DEFAULT_API_KEY, ROUTES, Simulator
from mosaia.testing._sim.routing import Route, RouteTable, SimRequest

__all__ = ["DEFAULT_API_KEY", "ROUTES", "Route", "RouteTable", "SimRequest", "Simulator"]

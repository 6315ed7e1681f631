"""``mosaia sim``: the simulator served on loopback, with the variables that point the SDK
(and this command line) at it."""

from __future__ import annotations

import shlex
import sys
import threading

from mosaia.testing._serving import SimulatorServer
from mosaia.testing._sim import Simulator


def sim_command(port: int, fixtures: bool) -> int:
    """Serve a simulator on 127.0.0.1:``port`` (0 picks a free one) until interrupted, having
    printed the ``export`` lines for ``MosaiaConfig.from_env``; with ``fixtures`` it holds a
    small realistic world (:data:`mosaia.testing.IDS`)."""
    simulator = Simulator.with_fixtures() if fixtures else Simulator()
    try:
        server = SimulatorServer(simulator, port=port)
    except OSError as exc:
        raise OSError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    sys.stdout.write(
        f"export MOSAIA_BASE_URL={shlex.quote(server.url)}\n"
        f"export MOSAIA_API_KEY={shlex.quote(simulator.api_key)}\n"
    )
    sys.stdout.flush()
    sys.stderr.write(f"mosaia: simulator listening on {server.url} (Ctrl-C stops it)\n")
    sys.stderr.flush()
    with server:
        # The serving thread does the work; this one waits for Ctrl-C (exit status 130).
        threading.Event().wait()
    return 0

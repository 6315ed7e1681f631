"""``python -m mosaia.testing.server``: serve a simulator from the shell.

The implementation lives in :mod:`mosaia.testing._serving`; this module is only the command's
entry point, kept out of the package's imports so running it as ``-m`` starts cleanly.
"""

from mosaia.testing._serving import SimulatorServer, main, serve

__all__ = ["SimulatorServer", "main", "serve"]

if __name__ == "__main__":
    raise SystemExit(main())

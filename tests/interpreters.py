"""Running code in a fresh interpreter, as a user's script runs: nothing this test process
imported (pytest's plugins, the test's own imports) is loaded there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: The checkout under test: ``mosaia`` imports from here in the fresh interpreter.
ROOT = Path(__file__).resolve().parent.parent


def bare_env() -> dict[str, str]:
    """An environment with only ``PATH`` and this checkout on ``PYTHONPATH``."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}


def fresh_python(
    code: str, env: Mapping[str, str] | None = None, *, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter (in ``env``, by default :func:`bare_env`); its output,
    whatever its exit status."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=dict(env if env is not None else bare_env()),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )

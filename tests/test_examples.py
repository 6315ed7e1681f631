"""Every script in ``examples/`` runs standalone, as a reader would run it, and says it worked.

Each example starts its own simulator on 127.0.0.1, so this runs each one as
``python examples/<name>.py`` in a fresh interpreter and checks that it exits 0 and prints the
line that means it got to the end. A new example needs its line here: that is on purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: How a line each example prints when it got all the way through begins.
EXPECTED = {
    "batch_progress.py": "results come back in the order the calls were given: True",
    "demo.py": "Done: the simulator is stopped.",
    "oauth_pkce.py": "Done.",
    "pipeline.py": "pipeline finished",
    "pkce_web_app.py": "the app says: signed in as user@example.com",
    "quickstart.py": "quickstart finished",
    "test_my_integration.py": "9 passed",
}

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("*.py"))


def test_every_example_has_an_expected_line() -> None:
    assert set(SCRIPTS) == set(EXPECTED), "add each new example, and only those, to EXPECTED"


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs_standalone(name: str) -> None:
    # The user's environment, minus anything that would point an example elsewhere or make
    # it chatty: the examples configure themselves for the simulator they start.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOSAIA_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    shown = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert done.returncode == 0, shown
    expected = EXPECTED.get(name, "<no expected line>")
    assert any(line.startswith(expected) for line in done.stdout.splitlines()), shown

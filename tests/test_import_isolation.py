"""Every public module imports first, alone, in a fresh interpreter: an import that only works
after some other module was imported (an import cycle, a plugin entry point reaching back into a
half-imported module) fails here, not in a user's program.

Each import runs in its own subprocess with a clean environment (only ``PATH`` and the
``PYTHONPATH`` of this checkout), in parallel to keep the suite fast."""

from __future__ import annotations

import pkgutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from interpreters import fresh_python

import mosaia


def public_modules() -> list[str]:
    """Every module of the package whose dotted path has no part starting with ``_``."""
    found = ["mosaia"]
    for info in pkgutil.walk_packages(mosaia.__path__, "mosaia."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return sorted(found)


def test_the_public_modules_are_found() -> None:
    modules = public_modules()
    assert {"mosaia", "mosaia.api.agents", "mosaia.testing.strategies", "mosaia.retry"} <= set(
        modules
    )
    assert not [m for m in modules if "._" in m]


def test_every_public_module_imports_first_in_a_fresh_interpreter() -> None:
    modules = public_modules()
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda m: (m, fresh_python(f"import {m}")), modules))

    failed = {m: run.stderr.strip().splitlines()[-1:] for m, run in runs if run.returncode != 0}
    assert failed == {}


@pytest.mark.parametrize(
    "code",
    [
        "from mosaia.testing.strategies import agents",
        "import hypothesis; from mosaia.testing.strategies import agents",
        "from mosaia.testing.strategies._chat import chat_completions",
    ],
    ids=["strategies first", "hypothesis first", "a strategy module first"],
)
def test_the_strategies_import_before_or_after_hypothesis(code: str) -> None:
    run = fresh_python(f"{code}; print(agents().example().id if 'agents' in dir() else 'ok')")
    assert run.returncode == 0, run.stderr


def test_from_type_draws_sdk_values_without_importing_the_strategies() -> None:
    code = (
        "from hypothesis import strategies as st\n"
        "from mosaia.types import Agent\n"
        "assert isinstance(st.from_type(Agent).example(), Agent)\n"
    )
    run = fresh_python(code)
    assert run.returncode == 0, run.stderr

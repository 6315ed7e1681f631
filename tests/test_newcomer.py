"""What a new user meets first, met as they meet it: a fresh interpreter with a clean environment
(only what the step itself exports), the simulator's command line, a script calling ``Mosaia()``.

Each test is one of issue 18's potholes, kept filled."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import mosaia

ROOT = Path(mosaia.__file__).resolve().parent.parent


def clean_env(**exported: str) -> dict[str, str]:
    """An environment with no ``MOSAIA_*`` variable but the ones given: what a user's fresh
    shell has after pasting ``export`` lines. ``mosaia`` imports from this checkout."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MOSAIA_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(exported)
    return env


def python(code: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; its output, whatever its exit status."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(env if env is not None else clean_env()),
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def printed_exports() -> Iterator[dict[str, str]]:
    """The ``export NAME=value`` lines ``python -m mosaia.testing.server --port 0`` prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mosaia.testing.server", "--port", "0", "--fixtures"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=clean_env(),
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        exports = [line.removeprefix("export ") for line in lines if line.startswith("export ")]
        yield dict(line.split("=", 1) for line in exports)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_simulator_prints_the_exports_that_mosaia_reads(
    printed_exports: dict[str, str],
) -> None:
    assert set(printed_exports) == {"MOSAIA_BASE_URL", "MOSAIA_API_KEY"}
    assert not printed_exports["MOSAIA_BASE_URL"].endswith("/v1")

    done = python(
        "from mosaia import Mosaia\n"
        "page = Mosaia().agents.get_all().unwrap()\n"
        "print(len(page.items) > 0)\n",
        clean_env(**printed_exports),
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_mosaia_without_a_key_says_to_export_one_before_sending(
    printed_exports: dict[str, str],
) -> None:
    only_url = {"MOSAIA_BASE_URL": printed_exports["MOSAIA_BASE_URL"]}

    done = python(
        "from mosaia import Mosaia\nprint(repr(Mosaia().agents.get_all()))\n",
        clean_env(**only_url),
    )

    assert done.returncode == 0, done.stderr
    assert "InvalidRequest" in done.stdout
    assert "MOSAIA_API_KEY" in done.stdout


def test_an_explicit_config_reads_nothing_from_the_environment(
    printed_exports: dict[str, str],
) -> None:
    done = python(
        "from mosaia import Mosaia, MosaiaConfig\n"
        "print(Mosaia(MosaiaConfig()).config.api_key, Mosaia().config.api_key is not None)\n",
        clean_env(**printed_exports),
    )

    assert done.stdout.split() == ["None", "True"], done.stderr


def test_a_star_import_of_the_errors_leaves_the_builtin_timeout_error_alone() -> None:
    done = python(
        "import builtins\n"
        "from mosaia.errors import *\n"
        "print(TimeoutError is builtins.TimeoutError, RequestTimeout.__name__)\n"
    )

    assert done.stdout.split() == ["True", "RequestTimeout"], done.stderr

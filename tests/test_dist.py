"""What ``make dist`` builds is what a user installs: the wheel and sdist of THIS SDK (PyPI's
``mosaia`` is an unrelated project), with metadata twine accepts, every ``mosaia`` package and the
``py.typed`` marker, and the version the docs' floor ``mosaia>=0.3`` admits.

Built without build isolation (``--no-isolation``: the build backend comes from the dev extra),
so nothing is fetched; skipped when the dev tools are not installed."""

from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import mosaia
from mosaia._version import __version__

ROOT = Path(mosaia.__file__).resolve().parent.parent

pytest.importorskip("build", reason="`make dist` needs the dev extra's build")
pytest.importorskip("hatchling", reason="building without isolation needs hatchling")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist, built as ``make dist`` builds them, into a fresh directory."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def test_the_wheel_holds_every_package_and_the_typed_marker(dist: Path) -> None:
    (wheel,) = dist.glob("mosaia-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {
        str(path.parent.relative_to(ROOT)) for path in (ROOT / "mosaia").rglob("__init__.py")
    }
    assert packages <= {name.rsplit("/", 1)[0] for name in names}
    assert "mosaia/py.typed" in names
    assert not any(name.startswith("tests/") for name in names)


def test_the_wheel_says_what_it_is_and_what_it_needs(dist: Path) -> None:
    (wheel,) = dist.glob("mosaia-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (meta_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(archive.read(meta_name))
    assert meta["Name"] == "mosaia"
    assert meta["Version"] == __version__
    assert tuple(int(part) for part in __version__.split(".")[:2]) >= (0, 3)  # the docs' floor
    assert meta["Requires-Python"] == ">=3.11"
    requires = meta.get_all("Requires-Dist") or []
    assert any(r.startswith("urllib3") for r in requires)
    assert any("tqdm" in r and "extra == 'progress'" in r for r in requires)
    assert "progress" in (meta.get_all("Provides-Extra") or [])


def test_twine_accepts_the_wheel_and_the_sdist(dist: Path) -> None:
    pytest.importorskip("twine")
    files = sorted(str(path) for path in dist.iterdir())
    assert len(files) == 2  # one wheel, one sdist
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

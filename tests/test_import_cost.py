"""``import mosaia`` stays cheap as collections are added (issue 17: within 15 ms of its own
dependencies, measured by ``benchmarks/imports.py``): the builder modules of :mod:`mosaia.api`
and the newer client groups load when first used, and then behave exactly as if imported
eagerly. Each check runs in a fresh interpreter, so nothing this test process imported counts."""

from __future__ import annotations

import json

from interpreters import fresh_python

import mosaia.api
import mosaia.groups


def fresh(code: str) -> object:
    """What ``code`` (which prints one JSON value) prints in a new interpreter."""
    run = fresh_python(code)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_import_mosaia_loads_no_builder_module_a_client_does_not_use_yet() -> None:
    loaded = fresh(
        "import sys, json, mosaia\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('mosaia.'))))"
    )
    assert isinstance(loaded, list)
    assert "mosaia.api.drives" not in loaded
    assert "mosaia.groups._drives" not in loaded
    assert "mosaia.api.vector_indexes" not in loaded
    # The seed's groups load on first use too, and so does the relay.
    assert "mosaia.groups._agents" not in loaded
    assert "mosaia.relay" not in loaded


def test_a_newer_group_loads_its_module_on_first_use() -> None:
    found = fresh(
        "import sys, json\n"
        "from mosaia import Mosaia, MosaiaConfig\n"
        "client = Mosaia(MosaiaConfig(api_key='k'))\n"
        "before = 'mosaia.groups._drives' in sys.modules\n"
        "group = client.drives\n"
        "assert type(client.agents).__module__ == 'mosaia.groups._agents'\n"
        "print(json.dumps([before, type(group).__module__, 'mosaia.api.drives' in sys.modules]))"
    )
    assert found == [False, "mosaia.groups._drives", True]


def test_every_builder_module_is_reachable_by_attribute_and_listed() -> None:
    for name in mosaia.api.__all__:
        module = getattr(mosaia.api, name)
        assert module.__name__ == f"mosaia.api.{name}"
    assert set(mosaia.api.__all__) <= set(dir(mosaia.api))


def test_every_group_name_resolves_to_its_class() -> None:
    for name in mosaia.groups.__all__:
        value = getattr(mosaia.groups, name)
        assert getattr(value, "__name__", name) == name
    assert set(mosaia.groups.__all__) <= set(dir(mosaia.groups))


def test_an_unknown_name_is_an_attribute_error() -> None:
    for package in (mosaia.api, mosaia.groups):
        assert not hasattr(package, "no_such_collection")

"""The API reference shows every field of every Struct: the docs' griffe extension
(docs/_ext/griffe_mosaia.py) lists them, inherited ones included, with their types, in the
docstring mkdocstrings renders. Checked on the package as griffe loads it for the docs build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

import mosaia
from mosaia.config import MosaiaConfig
from mosaia.errors import ApiError, NotFoundError
from mosaia.types import Agent, ChatCompletionChunk, Drive, Task

griffe = pytest.importorskip("griffe", reason="the docs extra renders the reference")
ROOT = Path(mosaia.__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def package() -> Any:
    extension = griffe.load_extensions(str(ROOT / "docs" / "_ext" / "griffe_mosaia.py"))
    return griffe.load("mosaia", search_paths=[str(ROOT)], extensions=extension)


@pytest.mark.parametrize(
    ("path", "struct"),
    [
        ("mosaia._types.entities.Agent", Agent),
        ("mosaia._types.chat.ChatCompletionChunk", ChatCompletionChunk),
        ("mosaia.errors.ApiError", ApiError),
        ("mosaia.errors.NotFoundError", NotFoundError),
        ("mosaia.config.MosaiaConfig", MosaiaConfig),
        ("mosaia._types.drives.Drive", Drive),
        ("mosaia._types.work.Task", Task),
    ],
)
def test_a_structs_reference_lists_every_field_with_its_type(
    package: Any, path: str, struct: type[msgspec.Struct]
) -> None:
    docstring = package[path.removeprefix("mosaia.")].docstring.value
    listed = docstring.split("**Fields**", 1)[1]
    for field in msgspec.structs.fields(struct):
        assert f"- `{field.name}`: `" in listed, field.name


def test_a_field_is_listed_with_its_type_default_and_description(package: Any) -> None:
    listed = package["config.MosaiaConfig"].docstring.value.split("**Fields**", 1)[1]
    assert "- `max_retries`: `int` = `2`" in listed
    assert "- `retry`: `RetryPolicy | None` = `None`: A full retry policy" in listed

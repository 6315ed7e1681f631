"""Finding every operation builder of :mod:`mosaia.api` by looking, so the table of
:mod:`mosaia.testing.strategies._operations` cannot silently fall behind the API modules."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any, get_origin

import mosaia.api
from mosaia.request import Call


def builders() -> dict[str, Callable[..., Any]]:
    """Every public function or bound method in the public modules of :mod:`mosaia.api` whose return
    annotation is a ``Call``, by ``module.name`` (imported helpers are not counted twice)."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(mosaia.api.__path__):
        if info.name.startswith("_"):
            continue  # private helpers (the generic CRUD builder), not operations
        module = importlib.import_module(f"mosaia.api.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or isinstance(value, type) or not callable(value):
                continue
            if inspect.isfunction(value) and value.__module__ != module.__name__:
                continue
            if _returns_call(value):
                found[f"{info.name}.{name}"] = value
    return found


def _returns_call(fn: Callable[..., Any]) -> bool:
    try:
        annotation = inspect.signature(fn).return_annotation
    except (TypeError, ValueError):
        return False
    if isinstance(annotation, str):
        return annotation.startswith("Call[") or annotation == "Call"
    return annotation is Call or get_origin(annotation) is Call

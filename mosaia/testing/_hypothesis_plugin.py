"""mosaia's hypothesis plugin: what the ``hypothesis`` entry point in ``pyproject.toml`` names,
so ``st.from_type(Agent)`` draws SDK values in a user's tests without importing
:mod:`mosaia.testing.strategies` first.

Kept apart from the strategies, and importing them only when hypothesis calls
:func:`register`: hypothesis runs its entry points while it is itself being imported, which
may be in the middle of importing the strategies (they import hypothesis)."""

from __future__ import annotations

import importlib


def register() -> None:
    """Register the SDK's strategies with hypothesis (see
    :func:`mosaia.testing.strategies.register`)."""
    strategies = importlib.import_module("mosaia.testing.strategies")
    # Half-imported (it is what imported hypothesis)? Its `register` is bound first, and needs
    # nothing else of the package.
    strategies.register()

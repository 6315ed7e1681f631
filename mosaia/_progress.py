"""Where a batch stands, and the one way it is told: ``on_progress`` hooks.

:class:`Progress` is what a hook hears after each call of a batch finishes; :class:`ProgressBar`
is one such hook, :func:`progress_bar` picks the one ``run_many(..., progress=True)`` adds (a
tqdm bar when the ``progress`` extra is installed, else :class:`ProgressBar`), and
:func:`reporter` calls every hook of a batch, each failure of a hook its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any, TextIO

import msgspec

__all__ = ["Progress", "ProgressBar", "TqdmBar", "progress_bar", "reporter"]


class Progress(msgspec.Struct, frozen=True):
    """Where a batch stands: calls finished (successfully or not), calls in all, and how many
    of the finished ones failed. Passed to ``on_progress`` after each call finishes."""

    done: int
    total: int
    failed: int


def reporter(hooks: Iterable[Callable[[Progress], None]]) -> Callable[[Progress], None]:
    """One hook that calls each of ``hooks`` in turn; one that raises is skipped."""
    every = list(hooks)

    def report(progress: Progress) -> None:
        # A hook that raises (or a stderr that is gone) must not cost the batch its results:
        # run_many never raises. Like on_refresh, the hook's failure is its own.
        for hook in every:
            with suppress(Exception):
                hook(progress)

    return report


def progress_bar(stream: TextIO) -> Callable[[Progress], None]:
    """The bar ``run_many(..., progress=True)`` draws on ``stream``: a :class:`TqdmBar` when tqdm
    is installed (``pip install 'mosaia[progress]>=0.3'``: rate, elapsed and remaining time,
    terminal width, notebooks), else the plain :class:`ProgressBar`, so ``progress=True`` never
    needs more than the core's three dependencies. Either is silent off a terminal."""
    try:
        import tqdm  # noqa: F401  (only asked whether it is there)
    except ImportError:
        return ProgressBar(stream)
    return TqdmBar(stream)


class TqdmBar:
    """An ``on_progress`` hook drawing the batch with `tqdm <https://tqdm.github.io>`_ (the
    ``progress`` extra). The bar opens at the first :class:`Progress` (which brings the total)
    and closes when every call is done; failures show as ``failed=N`` after it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bar: Any = None  # tqdm's own type is only known when the extra is installed
        self._done = 0
        self._failed = 0
        self._closed = False

    def draw(self, progress: Progress) -> None:
        """Advance the bar to ``progress``; close it once every call is done."""
        if self._closed:
            return
        if self._bar is None:
            from tqdm import tqdm

            # disable=None: silent when the stream is not a terminal, like ProgressBar.
            self._bar = tqdm(total=progress.total, file=self._stream, disable=None, unit="call")
        if progress.failed != self._failed:
            self._failed = progress.failed
            self._bar.set_postfix(failed=progress.failed, refresh=False)
        self._bar.update(progress.done - self._done)
        self._done = progress.done
        if progress.done >= progress.total:
            self._bar.close()
            self._closed = True

    def __call__(self, progress: Progress) -> None:
        """Draw ``progress``: what makes the bar an ``on_progress`` hook."""
        self.draw(progress)


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal (nothing at all on a pipe or file,
    where carriage returns would only garble a log). An ``on_progress`` hook like any other, and
    what ``run_many(..., progress=True)`` draws when tqdm is not installed."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._on = _is_terminal(stream)
        self._last: tuple[int, int] | None = None
        self._finished = False

    def draw(self, progress: Progress) -> None:
        """Show ``progress``; ends the line once every call is done."""
        if not self._on or self._finished:
            return
        total = max(progress.total, 1)
        filled = self.WIDTH * progress.done // total
        key = (progress.done * 100 // total, progress.failed)
        done = progress.done >= progress.total
        if key == self._last and not done:
            return  # redraw only when something visible changed
        self._last = key
        failed = f"  {progress.failed} failed" if progress.failed else ""
        line = f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {progress.done}/{total}{failed}"
        self._stream.write(line + ("\n" if done else ""))
        self._stream.flush()
        self._finished = done

    def __call__(self, progress: Progress) -> None:
        """Draw ``progress``: what makes the bar an ``on_progress`` hook."""
        self.draw(progress)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

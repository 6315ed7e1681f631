"""The code in the documentation cannot rot silently.

Every ```` ```python ```` block in ``docs/**/*.md`` and ``README.md`` must compile. Pages with a
line ``<!-- docs-test: run -->`` are also executed: their blocks run in order in one namespace, as a
reader would paste them, against whatever the page itself sets up (the pages use the bundled
simulator, so nothing leaves the machine). A block right after ``<!-- docs-test: skip -->`` is
only compiled (it needs the real API, or is a fragment). ``--8<-- "path"`` lines are replaced by
the file they include, as the site build does, so an included example is checked too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RUN_MARK = "<!-- docs-test: run -->"
SKIP_MARK = "<!-- docs-test: skip -->"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_SNIPPET = re.compile(
    r'^[ \t]*-{1,}8<-{1,}[ \t]+"(?P<path>[^":]+)(?::(?P<start>\d+):(?P<end>\d+))?"[ \t]*$'
)


class Block:
    """One Python code block of a Markdown file."""

    def __init__(self, page: Path, line: int, source: str, skipped: bool) -> None:
        self.page = page
        self.line = line
        self.source = source
        self.skipped = skipped

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    return [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        language = match["info"].strip().split(" ", 1)[0].lstrip(".").lower()
        if language not in ("python", "py"):
            continue
        before = text[: match.start()].rstrip()
        indent = len(match["indent"])
        body = "\n".join(line[indent:] for line in match["body"].splitlines())
        line = text.count("\n", 0, match.start()) + 2
        found.append(Block(page, line, include_snippets(body), before.endswith(SKIP_MARK)))
    return found


def include_snippets(body: str) -> str:
    """``body`` with each ``--8<-- "path[:start:end]"`` line replaced by what it includes."""
    lines = []
    for line in body.splitlines():
        snippet = _SNIPPET.match(line)
        if snippet is None:
            lines.append(line)
            continue
        included = (ROOT / snippet["path"]).read_text(encoding="utf-8").splitlines()
        if snippet["start"]:
            included = included[int(snippet["start"]) - 1 : int(snippet["end"])]
        lines.extend(included)
    return "\n".join(lines) + "\n"


ALL_BLOCKS = [block for page in pages() for block in blocks(page)]
RUNNABLE = [
    page
    for page in pages()
    if RUN_MARK in (line.strip() for line in page.read_text(encoding="utf-8").splitlines())
]


def test_the_docs_hold_python_blocks_to_check() -> None:
    assert len(ALL_BLOCKS) > 20
    assert len(RUNNABLE) > 10


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=lambda block: block.name)
def test_every_python_block_compiles(block: Block) -> None:
    compile(block.source, block.name, "exec")


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_runnable_page_runs_top_to_bottom(page: Path) -> None:
    namespace: dict[str, Any] = {"__name__": f"docs.{page.stem}"}
    ran = 0
    for block in blocks(page):
        if block.skipped:
            continue
        exec(compile(block.source, block.name, "exec"), namespace)  # noqa: S102 - our own docs
        ran += 1
    assert ran > 0


def test_snippet_lines_include_existing_files() -> None:
    for page in pages():
        for line in page.read_text(encoding="utf-8").splitlines():
            snippet = _SNIPPET.match(line)
            if snippet is not None:
                assert (ROOT / snippet["path"]).is_file(), f"{page.name} includes {line.strip()}"

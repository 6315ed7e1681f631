"""Route patterns shared by the test doubles: ``("GET", "/agent/{id}")``, ``("*", "/agent/*")``.

One small language, so a route in a :class:`~mosaia.testing.FakeExecutor`, a forced status in
:class:`~mosaia.testing._sim.faults.Faults` and an assertion all read the same way:

- a path is compared segment by segment, on the path below ``/v{version}``;
- ``{name}`` matches exactly one segment and captures it (percent-decoded);
- ``*`` matches exactly one segment; ``**`` matches any number of segments (zero included);
- the whole pattern ``*`` (or ``**``) matches every path;
- the method ``*`` matches every method; other methods compare case-insensitively.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

_PARAM = re.compile(r"^\{(\w+)\}$")


class PathPattern:
    """A compiled path pattern; :meth:`match` gives the captured ids or ``None``."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._any = pattern in ("*", "**")
        self._parts = tuple(_split(pattern))

    def __repr__(self) -> str:
        return f"PathPattern({self.pattern!r})"

    def match(self, path: str) -> dict[str, str] | None:
        """The ``{name}`` captures when ``path`` matches, else ``None``."""
        if self._any:
            return {}
        captured: dict[str, str] = {}
        if _match(self._parts, tuple(_split(path)), captured):
            return captured
        return None


def _split(path: str) -> list[str]:
    # Leading, trailing and doubled slashes carry no meaning in the API's paths.
    return [part for part in path.split("/") if part]


def _match(parts: tuple[str, ...], segments: tuple[str, ...], captured: dict[str, str]) -> bool:
    if not parts:
        return not segments
    head, rest = parts[0], parts[1:]
    if head == "**":
        return any(_match(rest, segments[i:], captured) for i in range(len(segments) + 1))
    if not segments:
        return False
    segment = segments[0]
    param = _PARAM.match(head)
    if param is not None:
        captured[param.group(1)] = unquote(segment)
    elif head != "*" and unquote(head) != unquote(segment):
        return False
    return _match(rest, segments[1:], captured)


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> PathPattern:
    """The compiled form of ``pattern`` (cached: tables are matched on every request)."""
    return PathPattern(pattern)


def method_matches(pattern: str, method: str) -> bool:
    """Whether ``method`` is allowed by the method ``pattern`` (``*`` allows all)."""
    return pattern == "*" or pattern.upper() == method.upper()


def route_matches(route: tuple[str, str], method: str, path: str) -> dict[str, str] | None:
    """The captures when ``(method, path)`` is matched by ``route``, else ``None``."""
    if not method_matches(route[0], method):
        return None
    return compile_pattern(route[1]).match(path)


def api_path(url: str) -> str:
    """The path of ``url`` below its ``/v{version}`` prefix (the whole path if it has none).

    >>> api_path("https://api.mosaia.ai/v1/agent/a1?x=1")
    '/agent/a1'
    """
    path = urlsplit(url).path
    parts = path.split("/", 2)
    if len(parts) >= 2 and parts[1].startswith("v") and parts[1][1:].isdigit():
        return "/" + (parts[2] if len(parts) == 3 else "")
    return path

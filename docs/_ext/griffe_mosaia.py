"""A griffe extension that lets mkdocstrings render mosaia's reST-flavoured docstrings.

The package's docstrings are written for people reading source and ``help()``: Sphinx roles
(``:class:`~mosaia.request.Call```) for cross-references and ``#:`` comments above module and
class attributes as their documentation. mkdocstrings understands neither, so this extension,
loaded only by the documentation build (``mkdocs.yml``), translates them:

- a ``#:`` comment block directly above an attribute becomes that attribute's docstring;
- a role becomes an optional cross-reference (``<autoref ... optional>``) to the object when it
  resolves inside the loaded package, rendered as code; otherwise just code. Optional references
  never fail a strict build: one to an object no page renders shows as plain code;
- an attribute that is another object under a new name (``create = resource.create``,
  ``AgentInterface = Agent``, a client group's ``get_wallets = op(billing.get_wallets)``) and
  has no comment of its own shows that object's docstring, as ``help()`` would at runtime (a
  group's ``iterate_wallets = walk(billing.get_wallets)`` gets a one-line description);
- a msgspec Struct (an entity, an answer, an error, the config) lists every field it has,
  inherited ones included, with its type, default and ``#:`` description, after its own
  docstring (mkdocstrings shows only members with a docstring, and no inherited ones, so most
  fields were missing from the reference);
- a doctest (``>>>`` lines and their output) becomes a ``pycon`` code block instead of a nest of
  Markdown quotes, and a reST literal block's ``::`` becomes ``:`` (the indented block under it
  is already a Markdown code block).

It lives under ``docs/_ext`` (excluded from the site) because it is build tooling, not SDK code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from griffe import (
    Alias,
    AliasResolutionError,
    Attribute,
    Class,
    CyclicAliasError,
    Docstring,
    Expr,
    ExprAttribute,
    ExprCall,
    ExprName,
    Extension,
    Module,
    Object,
)

# :class:`Target`, :func:`~pkg.mod.name`, :meth:`Class.method`, ... with an optional title
# (:class:`the title <pkg.Target>`).
_ROLE = re.compile(
    r":(?:py:)?(?P<role>class|func|meth|mod|attr|data|exc|obj|const)"
    r":`(?:(?P<title>[^`<]+?)\s*<(?P<inner>[^`>]+)>|(?P<target>[^`]+))`"
)


class MosaiaDocstrings(Extension):
    """Attribute docstrings from ``#:`` comments, and Sphinx roles as cross-references."""

    def on_attribute_instance(
        self, *, node: ast.AST | Any, attr: Attribute, agent: Any, **kwargs: Any
    ) -> None:
        """Give an attribute without a docstring the ``#:`` comment block above it."""
        if attr.docstring is not None or attr.lineno is None or attr.filepath is None:
            return
        filepath = attr.filepath
        if isinstance(filepath, list) or filepath not in attr.lines_collection:
            return
        lines = attr.lines_collection[filepath]
        comment: list[str] = []
        index = attr.lineno - 2  # the line above, 0-based
        while index >= 0 and lines[index].lstrip().startswith("#:"):
            comment.insert(0, lines[index].lstrip()[2:].strip())
            index -= 1
        if comment:
            attr.docstring = Docstring(
                "\n".join(comment), lineno=index + 2, endlineno=attr.lineno - 1, parent=attr
            )

    def on_package(self, *, pkg: Module, loader: Any, **kwargs: Any) -> None:
        """Rewrite the roles in every docstring of the package once it is fully loaded."""
        objects = list(_walk(pkg))
        for obj in objects:
            if obj.docstring is not None:
                obj.docstring.value = _rewrite(obj.docstring.value, obj, pkg)
        for obj in objects:
            if isinstance(obj, Attribute) and obj.docstring is None:
                _borrow_docstring(obj, pkg, depth=0)
        for obj in objects:
            if isinstance(obj, Class) and _is_struct(obj):
                _document_fields(obj)


def _mro(cls: Class) -> list[Class]:
    try:
        return [cls, *cls.mro()]
    except (ValueError, AliasResolutionError, CyclicAliasError):  # a base outside the package
        return [cls]


def _is_struct(cls: Class) -> bool:
    """Whether ``cls`` derives from ``msgspec.Struct`` (through the package's own classes)."""
    return any(_path_of(base).startswith("msgspec.Struct") for c in _mro(cls) for base in c.bases)


def _fields(cls: Class) -> list[Attribute]:
    """The Struct's fields as msgspec orders them: the bases' first, each class in source order;
    a field redeclared by a subclass keeps its first place and takes the subclass's form."""
    found: dict[str, Attribute] = {}
    for owner in reversed(_mro(cls)):
        for name, member in owner.members.items():
            if isinstance(member, Alias) or not isinstance(member, Attribute):
                continue
            if name.startswith("_") or member.annotation is None:
                continue
            if "ClassVar" in str(member.annotation) or "property" in member.labels:
                continue
            found[name] = member
    return list(found.values())


def _document_fields(cls: Class) -> None:
    """List ``cls``'s fields, with their types, defaults and descriptions, in its docstring."""
    fields = _fields(cls)
    if not fields:
        return
    lines = ["", "", "**Fields**", ""]
    for field in fields:
        default = "" if field.value is None else f" = `{field.value}`"
        about = (
            field.docstring.value.split("\n\n", 1)[0].replace("\n", " ") if field.docstring else ""
        )
        lines.append(
            f"- `{field.name}`: `{field.annotation}`{default}" + (f": {about}" if about else "")
        )
    text = cls.docstring.value if cls.docstring is not None else ""
    cls.docstring = Docstring(text + "\n".join(lines), parent=cls)


def _rewrite(text: str, obj: Object, pkg: Module) -> str:
    """``text`` (the docstring of ``obj``) with roles, doctests and literal blocks translated."""
    text = _ROLE.sub(lambda match: _reference(match, obj, pkg), text)
    return _literal_blocks(_doctests(text))


def _doctests(text: str) -> str:
    """``text`` with each doctest (a run of ``>>>`` lines and the output after them, up to a
    blank line) fenced as ``pycon``."""
    out: list[str] = []
    in_test = False
    for line in text.splitlines():
        starts = line.lstrip().startswith(">>>")
        if starts and not in_test:
            out.extend(["", "```pycon"])
            in_test = True
        elif in_test and not line.strip():
            out.extend(["```", ""])
            in_test = False
            continue
        out.append(line)
    if in_test:
        out.append("```")
    return "\n".join(out)


def _literal_blocks(text: str) -> str:
    # "the flow in four steps::" then an indented block: Markdown needs only the indentation.
    return re.sub(r"(?m)(\S)::$", r"\1:", text)


def _borrow_docstring(attr: Attribute, pkg: Module, depth: int) -> Docstring | None:
    """Give ``attr`` the docstring of the object its value names, if it names one."""
    if attr.docstring is not None or depth > 5:
        return attr.docstring
    value = attr.value
    if isinstance(value, ExprCall) and _path_of(value.function) == "mosaia.groups._base.walk":
        listed = str(value.arguments[0]).rsplit(".", 1)[-1] if value.arguments else "the list"
        text = f"Every item of the list ``{listed}`` answers, lazily, one page at a time."
        attr.docstring = Docstring(text, parent=attr)
        return attr.docstring
    if isinstance(value, ExprCall) and _path_of(value.function) == "mosaia.groups._base.op":
        value = value.arguments[0] if value.arguments else None
    if not isinstance(value, ExprName | ExprAttribute):
        return None
    target = _follow(_path_of(value), pkg)
    if isinstance(target, Attribute):
        found = _borrow_docstring(target, pkg, depth + 1)
    else:
        found = target.docstring if target is not None else None
    if found is not None:
        attr.docstring = Docstring(found.value, parent=attr)
    return attr.docstring


def _path_of(expr: Expr | str | Any) -> str:
    return str(getattr(expr, "canonical_path", expr))


def _follow(path: str, pkg: Module) -> Object | None:
    """The object at ``path``, looking through aliases and through module attributes that are
    instances (``resource = Resource(...)``: ``resource.get_all`` is ``Resource.get_all``)."""
    head, *rest = path.split(".")
    if head != pkg.name:
        return None
    current: Object | Alias | None = pkg
    for name in rest:
        settled = _settle(current, pkg)
        if settled is None:
            return None
        members = settled.all_members if settled.is_class else settled.members
        if name not in members:
            return None
        current = members[name]
    return _settle(current, pkg)


def _settle(obj: Object | Alias | None, pkg: Module) -> Object | None:
    try:
        while isinstance(obj, Alias):
            obj = obj.final_target
    except (AliasResolutionError, CyclicAliasError):  # a target outside the loaded package
        return None
    if isinstance(obj, Attribute) and isinstance(obj.value, ExprCall):
        made_by = _follow(_path_of(obj.value.function), pkg)
        if made_by is not None and made_by.is_class:
            return made_by
    return obj


def _walk(obj: Object) -> Iterator[Object]:
    yield obj
    for member in obj.members.values():
        if not isinstance(member, Alias):
            yield from _walk(member)


def _reference(match: re.Match[str], obj: Object, pkg: Module) -> str:
    raw = (match["inner"] or match["target"]).strip()
    short = raw.startswith("~")
    target = raw.lstrip("~.")
    path = _resolve(target, obj, pkg)
    if match["title"]:
        shown = match["title"]
    else:
        shown = target.rsplit(".", 1)[-1] if short else target
        if match["role"] in ("func", "meth"):
            shown += "()"
    code = f"<code>{shown}</code>"
    return code if path is None else f'<autoref identifier="{path}" optional>{code}</autoref>'


def _resolve(target: str, obj: Object, pkg: Module) -> str | None:
    """The full path ``target`` names, read from ``obj``'s scope outwards, or ``None``."""
    candidates = [target]
    scope: Object | None = obj
    while scope is not None:
        candidates.append(f"{scope.path}.{target}")
        scope = scope.parent
    for path in candidates:
        if path.split(".", 1)[0] != pkg.name:
            continue
        try:
            pkg.modules_collection[path]
        except (KeyError, ValueError, AttributeError, AliasResolutionError, CyclicAliasError):
            continue  # not an object of the package: no link target
        return path
    return None

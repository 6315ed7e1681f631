"""``mosaia <group> <operation> [args]``: any operation of any client group, from the shell.

Groups are found on the client (every property that is a :class:`~mosaia.groups._base.Group`),
operations on the group (every ``op`` declaration), and each operation's arguments come from
its builder's signature: required positional parameters are positional arguments, keyword
parameters are ``--name VALUE`` options (a ``bool`` one a flag), ``--json BODY`` is the body
(or the query parameters of an operation without a body) and any other ``--key VALUE`` is a
query parameter (or a body field). Names are spelled with dashes on the command line
(``agent-groups``, ``get-by-id``); values that read as JSON (``5``, ``true``, ``[..]``) are
passed as such, anything else as text.
"""

from __future__ import annotations

import argparse
import inspect
import json
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Any

from returns.result import Success

from mosaia.cli._common import FAILED, OK, UsageError, client_from_env, describe, print_json, say
from mosaia.client import Mosaia
from mosaia.config import MosaiaConfig
from mosaia.groups._base import Group, op

#: Parameters given otherwise than by name: the body (``--json``) and query (extra options).
_BODY, _PARAMS = "body", "params"


def groups() -> dict[str, type[Group]]:
    """Every client group by its command-line name, found on a client that sends nothing."""
    client = Mosaia(MosaiaConfig())
    found: dict[str, type[Group]] = {}
    for name in dir(Mosaia):
        if name.startswith("_"):
            continue
        attribute = inspect.getattr_static(Mosaia, name)
        if not isinstance(attribute, property | cached_property):
            continue
        value = getattr(client, name)
        if isinstance(value, Group):
            found[dashed(name)] = type(value)
    return found


def operations(group: type[Group]) -> dict[str, op[Any, Any]]:
    """Every ``op`` declared on ``group`` (and its bases) by its command-line name."""
    found: dict[str, op[Any, Any]] = {}
    for klass in reversed(group.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, op) and not name.startswith("_"):
                found[dashed(name)] = value
    return found


def dashed(name: str) -> str:
    """A Python name as the command line spells it: ``get_by_id`` → ``get-by-id``."""
    return name.replace("_", "-")


def summary(doc: str | None) -> str:
    """The first sentence of a docstring, for a one-line help."""
    paragraph = " ".join(inspect.cleandoc(doc or "").split("\n\n", 1)[0].split())
    head, stop, _ = paragraph.partition(". ")
    return head + ("." if stop else "")


def add_group_parsers(commands: Any) -> None:
    """One subcommand per group, each with one subcommand per operation."""
    for name, group in sorted(groups().items()):
        group_parser = commands.add_parser(
            name, help=summary(group.__doc__), description=inspect.cleandoc(group.__doc__ or "")
        )
        ops = group_parser.add_subparsers(dest="operation", metavar="OPERATION", required=True)
        for op_name, declared in sorted(operations(group).items()):
            parser = ops.add_parser(
                op_name,
                help=summary(declared.__doc__),
                description=inspect.cleandoc(declared.__doc__ or ""),
                formatter_class=argparse.RawDescriptionHelpFormatter,
                epilog="Other --key VALUE options are passed as query parameters (or fields).",
            )
            _add_arguments(parser, declared.builder)
            parser.add_argument(
                "--under",
                action="append",
                default=[],
                metavar="PARENT=ID",
                help="a parent of the collection, outermost first (repeat: --under org=o1)",
            )
            parser.set_defaults(group=name, declared=op_name)


def _add_arguments(parser: argparse.ArgumentParser, builder: Callable[..., Any]) -> None:
    takes_json = False
    for parameter in _parameters(builder):
        if parameter.name in (_BODY, _PARAMS) or parameter.kind is parameter.VAR_KEYWORD:
            takes_json = True
        elif _positional(parameter):
            many = str(parameter.annotation).startswith("list")
            parser.add_argument(
                f"arg_{parameter.name}",
                metavar=parameter.name.upper(),
                nargs="+" if many else ("?" if parameter.default is not parameter.empty else None),
            )
        elif "bool" in str(parameter.annotation):
            parser.add_argument(
                f"--{dashed(parameter.name)}", dest=f"arg_{parameter.name}", action="store_true"
            )
        else:
            parser.add_argument(
                f"--{dashed(parameter.name)}",
                dest=f"arg_{parameter.name}",
                metavar="VALUE",
                type=_value,
            )
    if takes_json:
        parser.add_argument("--json", metavar="BODY", help="the request body (or query), as JSON")


def _parameters(builder: Callable[..., Any]) -> Iterator[inspect.Parameter]:
    return iter(inspect.signature(builder).parameters.values())


def _positional(parameter: inspect.Parameter) -> bool:
    # Ids (and the id lists of batch operations) are positional; anything with a default and a
    # keyword is an option.
    positional = (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    return parameter.kind in positional and (
        parameter.default is parameter.empty or parameter.name in ("target", "id")
    )


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def extra_options(extras: Sequence[str]) -> dict[str, Any]:
    """``--key VALUE`` and ``--key=VALUE`` pairs (keys with dashes made underscores); anything
    else is a usage error."""
    found: dict[str, Any] = {}
    items = list(extras)
    while items:
        item = items.pop(0)
        if not item.startswith("--") or len(item) == 2:
            raise UsageError(f"unexpected argument {item!r}")
        key, equals, value = item[2:].partition("=")
        if not equals:
            if not items or items[0].startswith("--"):
                raise UsageError(f"option --{key} needs a value")
            value = items.pop(0)
        found[key.replace("-", "_")] = _value(value)
    return found


def run_operation(args: argparse.Namespace, extras: Sequence[str]) -> int:
    """Build the named operation's call from the command line, run it, print the answer as
    JSON (or the failure as one line); the exit status."""
    group_name: str = args.group
    declared = operations(groups()[group_name])[args.declared]
    builder = declared.builder
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    options = extra_options(extras)
    body = _json_option(args)
    parameters = list(_parameters(builder))
    names = {p.name for p in parameters}
    for parameter in parameters:
        given = getattr(args, f"arg_{parameter.name}", None)
        if parameter.name == _BODY:
            positional.append(body)
            body = None
        elif parameter.name == _PARAMS:
            if body is not None and not isinstance(body, dict):
                raise UsageError("--json must be a JSON object of query parameters here")
            keywords[_PARAMS] = {**(body or {}), **options} or None
            body, options = None, {}
        elif _positional(parameter):
            positional.append(given)
        elif given is not None and given is not False:
            keywords[parameter.name] = given
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        keywords.update({k: v for k, v in options.items() if k not in names})
        options = {}
    if body is not None:
        raise UsageError(f"{group_name} {args.declared} takes no --json")
    if options:
        raise UsageError(
            f"{group_name} {args.declared} has no option --{dashed(next(iter(options)))}"
        )
    parents = _parents(args.under)
    with client_from_env() as client:
        group = getattr(client, group_name.replace("-", "_"))
        if parents:
            group = group.under(**parents)
        operation = getattr(group, args.declared.replace("-", "_"))
        # Positional parameters after an omitted optional one cannot be passed positionally.
        while positional and positional[-1] is None:
            positional.pop()
        result = operation(*positional, **keywords)
    if isinstance(result, Success):
        print_json(result.unwrap())
        return OK
    say(describe(result.failure()))
    return FAILED


def _json_option(args: argparse.Namespace) -> Any:
    text = getattr(args, "json", None)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--json is not JSON: {exc}") from None


def _parents(given: Sequence[str]) -> dict[str, str]:
    parents: dict[str, str] = {}
    for item in given:
        key, equals, value = item.partition("=")
        if not equals or not key or not value:
            raise UsageError(f"--under takes PARENT=ID (org=o1), not {item!r}")
        parents[key] = value
    return parents

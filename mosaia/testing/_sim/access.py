"""Access to drives and drive items (contract 2.6, 4.5): grants by role (or the older single
action), listed and revoked per drive or item. Grants are kept in ``sim.grants``; a revoke
answers how many permissions went."""

from __future__ import annotations

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer
from mosaia.testing._sim.resources import DRIVE_ITEMS
from mosaia.testing._sim.routing import Route
from mosaia.testing._sim.store import CollectionSpec, Doc
from mosaia.testing._sim.work import Req, Spec, invalid, routes
from mosaia.testing._sim.world import World

#: The roles access is granted with, and the actions each allows.
ROLE_ACTIONS = {
    "READ_ONLY": ("read",),
    "VIEWER": ("read",),
    "CONTRIBUTOR": ("read", "create"),
    "EDITOR": ("read", "create", "update"),
    "MANAGER": ("read", "create", "update", "delete"),
}
_ACCESSOR_KINDS = ("user", "org_user", "agent", "client")


def _accessor(body: Doc) -> tuple[str, str] | HttpResponse:
    accessor = body.get("accessor")
    if not isinstance(accessor, dict):
        return invalid("accessor is required")
    for kind in _ACCESSOR_KINDS:
        if isinstance(accessor.get(kind), str) and accessor[kind]:
            return kind, accessor[kind]
    return invalid(f"accessor must name one of {', '.join(_ACCESSOR_KINDS)}")


def _key(spec: CollectionSpec) -> str:
    return "drive_id" if spec.path == "/drive" else "item_id"


def grant(sim: World, spec: Spec, doc: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST {R}/{id}/access`` ``{accessor, role | action}``: the accessor gets the role's
    actions (or the one action); ``CONTRIBUTOR`` is for drives and folders only."""
    found = _accessor(body)
    if isinstance(found, HttpResponse):
        return found
    kind, who = found
    role, action = body.get("role"), body.get("action")
    if role is None and action in ("create", "read", "update", "delete", "*"):
        actions: tuple[str, ...] = (action,)
    elif role in ROLE_ACTIONS:
        actions = ROLE_ACTIONS[role]
    else:
        return invalid(f"role must be one of {', '.join(ROLE_ACTIONS)}")
    if role == "CONTRIBUTOR" and spec.path != "/drive" and doc.get("item_type") != "FOLDER":
        return invalid("CONTRIBUTOR is granted on drives and folders, not on files")
    key = _key(spec)
    grants = sim.grants.setdefault(f"{spec.path}:{doc['id']}", {})
    grants[who] = {
        "accessor_id": who,
        "accessor_type": kind,
        "role": role,
        "permissions": list(actions),
    }
    changes = [{"action": a, "success": True} for a in actions]
    answer: Doc = {key: doc["id"], "accessor_id": who, "role": role, "permissions": changes}
    if role is None:
        answer.update(action=action)
    return data_answer(answer)


def revoke(sim: World, spec: Spec, doc: Doc, body: Doc, _: Req) -> HttpResponse:
    """``DELETE {R}/{id}/access`` ``{accessor}``: every permission of the accessor goes."""
    found = _accessor(body)
    if isinstance(found, HttpResponse):
        return found
    key = _key(spec)
    held = sim.grants.get(f"{spec.path}:{doc['id']}", {}).pop(found[1], None)
    count = len(held["permissions"]) if held else 0
    return data_answer({key: doc["id"], "accessor_id": found[1], "revoked_count": count})


def list_access(sim: World, spec: Spec, doc: Doc, body: Doc, _: Req) -> HttpResponse:
    """``GET {R}/{id}/access``: each accessor with its role and permissions."""
    key = _key(spec)
    accessors = list(sim.grants.get(f"{spec.path}:{doc['id']}", {}).values())
    return data_answer({key: doc["id"], "accessors": accessors})


#: The routes of this module, for the simulator's route table.
ROUTES: tuple[Route, ...] = tuple(
    route
    for spec_path in ("/drive", DRIVE_ITEMS)
    for method, act in (("POST", grant), ("DELETE", revoke), ("GET", list_access))
    for route in routes(method, spec_path, "/access", act)
)

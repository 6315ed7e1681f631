"""``client.permissions``: access policies, org permissions and user permissions."""

from __future__ import annotations

from mosaia.api import permissions
from mosaia.groups._base import Group, op, walk


class Permissions(Group):
    """Who may do what: policies, and their grants within orgs and to clients."""

    get_access_policies = op(permissions.get_access_policies)
    get_access_policy = op(permissions.get_access_policy)
    create_access_policy = op(permissions.create_access_policy)
    update_access_policy = op(permissions.update_access_policy)
    delete_access_policy = op(permissions.delete_access_policy)
    iterate_access_policies = walk(permissions.get_access_policies)

    get_org_permissions = op(permissions.get_org_permissions)
    get_org_permission = op(permissions.get_org_permission)
    create_org_permission = op(permissions.create_org_permission)
    update_org_permission = op(permissions.update_org_permission)
    delete_org_permission = op(permissions.delete_org_permission)
    iterate_org_permissions = walk(permissions.get_org_permissions)

    get_user_permissions = op(permissions.get_user_permissions)
    get_user_permission = op(permissions.get_user_permission)
    create_user_permission = op(permissions.create_user_permission)
    update_user_permission = op(permissions.update_user_permission)
    delete_user_permission = op(permissions.delete_user_permission)
    iterate_user_permissions = walk(permissions.get_user_permissions)

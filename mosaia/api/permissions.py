"""Permissions: access policies (``/iam/policy``), org permissions (``/iam/permission``) and
user permissions (``/user/{u}/iam/permission``; the July 2025 reference had ``/iam/permission``).

Each collection is also mounted under a parent: ``access_policies.under(org="o1")`` is
``/org/o1/iam/policy``, ``user_permissions.under(user="u1")`` is ``/user/u1/iam/permission``.
Without a user, the user-permission collection falls back to ``/iam/permission``, as the
platform does.

An access policy says what is allowed or denied; an org permission grants one to a user or
client within an organization; a user permission is a user's grant to a client. Each operation
is the generic CRUD operation of its collection under the seed's name.

>>> from mosaia.api import permissions
>>> permissions.user_permissions.under(user="u1").get_by_id("p1").request.path
'/user/u1/iam/permission/p1'
"""

from __future__ import annotations

from mosaia._types.entities import AccessPolicy, OrgPermission, UserPermission
from mosaia.api._crud import Resource

#: The ``/iam/policy`` collection the ``*_access_polic(y|ies)`` operations are bound from.
access_policies = Resource("/iam/policy", AccessPolicy)
#: The ``/iam/permission`` collection the ``*_org_permission(s)`` operations are bound from.
org_permissions = Resource("/iam/permission", OrgPermission)
#: A user's permissions: ``user_permissions.under(user="u1")`` is ``/user/u1/iam/permission``;
#: the ``*_user_permission(s)`` operations are bound from it unscoped, at ``/iam/permission``.
user_permissions = Resource("/iam/permission", UserPermission)

#: GET ``/iam/policy``; filters ``search``, ``active``, ``limit``, ``offset``.
get_access_policies = access_policies.get_all
#: GET ``/iam/policy/{id}``.
get_access_policy = access_policies.get_by_id
#: POST ``/iam/policy``; ``name``, ``effect``, ``actions`` and ``resources`` are required.
create_access_policy = access_policies.create
#: PUT ``/iam/policy/{id}``.
update_access_policy = access_policies.update
#: DELETE ``/iam/policy/{id}``.
delete_access_policy = access_policies.delete

#: GET ``/iam/permission``; filters ``org``, ``user``, ``client``, ``limit``, ``offset``.
get_org_permissions = org_permissions.get_all
#: GET ``/iam/permission/{id}``.
get_org_permission = org_permissions.get_by_id
#: POST ``/iam/permission``; ``org`` and ``policy`` are required.
create_org_permission = org_permissions.create
#: PUT ``/iam/permission/{id}``.
update_org_permission = org_permissions.update
#: DELETE ``/iam/permission/{id}``.
delete_org_permission = org_permissions.delete

#: GET ``/iam/permission`` (``/user/{u}/iam/permission`` under a user); filters ``user``,
#: ``client``, ``limit``, ``offset``.
get_user_permissions = user_permissions.get_all
#: GET ``/iam/permission/{id}``.
get_user_permission = user_permissions.get_by_id
#: POST ``/iam/permission``; ``user``, ``client`` and ``policy`` are required.
create_user_permission = user_permissions.create
#: PUT ``/iam/permission/{id}``.
update_user_permission = user_permissions.update
#: DELETE ``/iam/permission/{id}``.
delete_user_permission = user_permissions.delete

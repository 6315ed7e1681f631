"""Permissions: access policies (``/iam/policy``), org permissions (``/iam/permission``) and
user permissions (``/user/permission``).

An access policy says what is allowed or denied; an org permission grants one to a user or
client within an organization; a user permission is a user's grant to a client. Each operation
is the generic CRUD operation of its collection under the seed's name.

>>> from mosaia.api import permissions
>>> permissions.get_user_permission("p1").request.path
'/user/permission/p1'
"""

from __future__ import annotations

from mosaia._types.entities import AccessPolicy, OrgPermission, UserPermission
from mosaia.api._crud import Resource

#: The ``/iam/policy`` collection the ``*_access_polic(y|ies)`` operations are bound from.
access_policies = Resource("/iam/policy", AccessPolicy)
#: The ``/iam/permission`` collection the ``*_org_permission(s)`` operations are bound from.
org_permissions = Resource("/iam/permission", OrgPermission)
#: The ``/user/permission`` collection the ``*_user_permission(s)`` operations are bound from.
user_permissions = Resource("/user/permission", UserPermission)

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

#: GET ``/user/permission``; filters ``user``, ``client``, ``limit``, ``offset``.
get_user_permissions = user_permissions.get_all
#: GET ``/user/permission/{id}``.
get_user_permission = user_permissions.get_by_id
#: POST ``/user/permission``; ``user``, ``client`` and ``policy`` are required.
create_user_permission = user_permissions.create
#: PUT ``/user/permission/{id}``.
update_user_permission = user_permissions.update
#: DELETE ``/user/permission/{id}``.
delete_user_permission = user_permissions.delete

"""Tools: ``/user/{user}/tool`` under a user scope, else ``/org/{org}/tool`` under an org scope,
else ``/tool``. CRUD, one-name ``get``, and ``get_by_name``.

The scope is a parameter, never ambient state: ``resource.under(user=...)`` (or the
convenience :func:`scoped`) builds the collection for a scope,
and the module-level operations are the unscoped ``/tool`` ones. The client group takes its scope
from ``config.user`` / ``config.org``.

>>> from mosaia.api import tools
>>> tools.scoped(user="u1").get_by_name("search").request.path
'/user/u1/tool'
"""

from __future__ import annotations

from typing import Any

from mosaia._types.entities import Tool
from mosaia.api._crud import Body, build
from mosaia.api._images import image_upload
from mosaia.api._typed import ToolResource as TypedToolResource
from mosaia.request import Call


class ToolResource(TypedToolResource):
    """The tool collection at one scope: the standard operations plus :meth:`get_by_name`."""

    def get_by_name(self, name: str) -> Call[Tool | None]:
        """GET the tools path with ``?name=``: the first tool of that name, or ``None``."""
        call = self.first({"name": name})
        # An empty name would list every unnamed tool: a caller mistake, not a query.
        return call if name else call.with_problem("tool name is empty")

    def execute(self, id: str, arguments: Body = None, /, **fields: Any) -> Call[dict[str, Any]]:
        """POST ``/tool/{id}/execute`` with the tool's arguments (an object, as its
        ``tool_schema`` describes): the platform runs the tool and answers its output, a JSON
        object of the tool's own making."""
        path, problem = self.item(id)
        where = (path + "/execute", problem)
        return build("POST", where, body=arguments, fields=fields).one(dict)

    def upload_image(
        self, id: str, data: bytes, filename: str, content_type: str | None = None
    ) -> Call[Tool]:
        """POST ``{tools}/{id}/image/upload``: set the tool's image from ``data`` (one
        multipart part ``file`` named ``filename``, of ``content_type``); answers the updated
        tool, its ``image`` now the stored URL."""
        return image_upload(self, id, data, filename, content_type)


#: The unscoped ``/tool`` collection (``resource.under(org="o1")`` for a scope; see :func:`scoped`).
resource = ToolResource("/tool", Tool)


def scoped(user: str | None = None, org: str | None = None) -> ToolResource:
    """The tool collection for a scope: a user's if ``user`` is given, else an org's if ``org``
    is, else the global one. A convenience over ``resource.under(user=...)`` /
    ``resource.under(org=...)``, the one way a scoped collection is reached."""
    if user is not None:
        return resource.under(user=user)
    return resource.under(org=org)


#: ``get()`` lists tools, ``get(id)`` or ``get(Tool(id=...))`` fetches one.
get = resource.get
#: GET ``/tool?name=...``: the first tool named so, or ``None``.
get_by_name = resource.get_by_name
#: GET ``/tool``; filters ``name``, ``search``, ``active``, ``public``, ``tags``, ...
get_all = resource.get_all
#: GET ``/tool/{id}``.
get_by_id = resource.get_by_id
#: POST ``/tool``; ``short_description`` and ``tool_schema`` (a JSON string) are required.
create = resource.create
#: PUT ``/tool/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/tool/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/tool/{id}/like``: toggle the caller's like; answers the tool after the toggle.
like = resource.like
#: POST ``/tool/{id}/execute``: run the tool with arguments; answers its output object.
execute = resource.execute

#: POST ``/tool/{id}/image/upload``: set the tool's image (one multipart part ``file``);
#: answers the updated tool. From disk: :func:`mosaia.files.image_from_path`.
upload_image = resource.upload_image

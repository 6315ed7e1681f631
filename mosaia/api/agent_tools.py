"""Agent tools: tools attached to one agent. Mounted at ``/agent/{a}/tool`` (only under an agent).

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the parentless (and so invalid until under(...)) ``/tool`` collection.

>>> from mosaia.api import agent_tools
>>> agent_tools.resource.under(agent="a1").get_all().request.path
'/agent/a1/tool'
"""

from __future__ import annotations

from typing import Any

from mosaia._types.apps import AgentTool
from mosaia.api._crud import Body, Resource, build
from mosaia.request import Call


class AgentToolResource(Resource[AgentTool]):
    """An agent's tool attachments: the standard operations plus :meth:`execute`."""

    def execute(
        self, attachment_id: str, arguments: Body = None, /, **fields: Any
    ) -> Call[dict[str, Any]]:
        """POST ``/agent/{a}/tool/{attachment_id}/execute`` with the arguments object: run
        the attached tool as the agent would; answers the tool's output object."""
        path, problem = self.item(attachment_id)
        where = (path + "/execute", problem)
        return build("POST", where, body=arguments, fields=fields).one(dict)


#: The ``/tool`` collection: the generic builders the operations below are bound from.
resource = AgentToolResource("/tool", AgentTool, needs=("agent",))

#: GET ``/tool``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/tool/{id}``.
get_by_id = resource.get_by_id
#: POST ``/tool``.
create = resource.create
#: PUT ``/tool/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/tool/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/agent/{a}/tool/{attachment}/execute``: run an attached tool (under an agent).
execute = resource.execute

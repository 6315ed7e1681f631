"""Agent tools: tools attached to one agent. Mounted at ``/agent/{a}/tool`` (only under an agent).

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the parentless (and so invalid until under(...)) ``/tool`` collection.

>>> from mosaia.api import agent_tools
>>> agent_tools.resource.under(agent="a1").get_all().request.path
'/agent/a1/tool'
"""

from __future__ import annotations

from mosaia._types.apps import AgentTool
from mosaia.api._crud import Resource

#: The ``/tool`` collection: the generic builders the operations below are bound from.
resource = Resource("/tool", AgentTool, needs=("agent",))

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

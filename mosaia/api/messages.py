"""Messages: the entries of one log. Mounted at ``/log/{l}/message`` (only under a log).

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the parentless (and so invalid until under(...)) ``/message`` collection.

>>> from mosaia.api import messages
>>> messages.resource.under(log="l1").get_by_id("m1").request.path
'/log/l1/message/m1'
"""

from __future__ import annotations

from mosaia._types.work import Message
from mosaia.api._typed import MessageResource

#: The ``/message`` collection: the generic builders the operations below are bound from.
resource = MessageResource("/message", Message, needs=("log",))

#: GET ``/message``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/message/{id}``.
get_by_id = resource.get_by_id
#: POST ``/message``.
create = resource.create
#: PUT ``/message/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/message/{id}``; ``force=True`` for a hard delete.
delete = resource.delete

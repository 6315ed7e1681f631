"""What the simulator remembers, and what its route handlers act on: the collections, the
accepted tokens, the auth book, a clock and a lock.

:class:`World` knows nothing of routing or HTTP; :class:`~mosaia.testing.Simulator` is a world
with the engine that parses, routes and answers requests on top.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from mosaia.testing._sim.auth import AuthBook
from mosaia.testing._sim.store import Collection, CollectionSpec, Doc


class World:
    """The simulator's state. ``api_key`` is the key it accepts; ``clock`` returns epoch
    seconds; ``collections`` are the resources it holds. Handlers run under :attr:`lock`."""

    def __init__(
        self,
        *,
        api_key: str,
        clock: Callable[[], float],
        collections: Iterable[CollectionSpec],
    ) -> None:
        self.api_key = api_key
        self.clock = clock
        self.lock = threading.RLock()
        self.collections: dict[str, Collection] = {
            spec.path: Collection(spec) for spec in collections
        }
        #: Bearer tokens accepted besides ``api_key`` (issued by sign-in), with expiry (epoch s).
        self.tokens: dict[str, float | None] = {}
        #: Who may sign in, and the tokens and codes issued (see :mod:`mosaia.testing._sim.auth`).
        self.auth = AuthBook(self)
        #: The e-mails ``POST /notify/email`` accepted, in order (nothing is sent).
        self.outbox: list[Doc] = []
        #: Access granted to drives and items: ``"{collection}:{id}"`` -> accessor id -> grant.
        self.grants: dict[str, dict[str, Doc]] = {}
        self._counter = 0

    def token_valid(self, token: str | None) -> bool:
        """Whether ``token`` is the API key or an issued token that has not expired."""
        if token is None:
            return False
        if token == self.api_key:
            return True
        if token not in self.tokens:
            return False
        expires = self.tokens[token]
        return expires is None or self.clock() < expires

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def new_id(self) -> str:
        """A fresh 24-hex-digit id, like the live API's ObjectIds (deterministic per simulator)."""
        return f"{self._next() + 0x650000000000000000000000:024x}"

    def now_iso(self) -> str:
        """The simulator clock as an ISO-8601 timestamp."""
        return datetime.fromtimestamp(self.clock(), UTC).isoformat().replace("+00:00", "Z")

    def collection(self, path: str) -> Collection:
        """The collection served at ``path`` (``/agent``)."""
        return self.collections[path]

    @property
    def state(self) -> dict[str, list[Doc]]:
        """A snapshot of every collection's documents, by path: for assertions in tests."""
        with self.lock:
            return {
                path: [dict(d) for d in c.docs.values()] for path, c in self.collections.items()
            }

    def insert(self, path: str, doc: Mapping[str, Any]) -> Doc:
        """Store ``doc`` in the collection at ``path`` as if created through the API."""
        with self.lock:
            now = self.now_iso()
            stored: Doc = {"id": self.new_id(), "active": True, **doc}
            stored.setdefault("created_at", now)
            stored.setdefault("updated_at", now)
            self.collection(path).docs[stored["id"]] = stored
            return stored

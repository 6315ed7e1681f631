"""``Mosaia``: a config and an executor bound together, with the API groups hanging off it.

A thin layer: ``client.agents.get_by_id("a1")`` is ``client.run(agents.get_by_id("a1"))``, and
``client.run`` is :func:`mosaia.run.run` with the bound config and executor. Immutable:
:meth:`Mosaia.with_config` and :meth:`Mosaia.with_executor` return new clients.

A client's executor is a stack: the transport (a urllib3 pool with retries and logging, built
from the config, or the executor it was given) and, for a client bound to a session, the refresh
layer on top. Everything derived from the config is rebuilt by ``with_config``: the refresh
layer always renews at the client's current server through its current transport. The pool is
shared by derived clients unless a transport setting (proxy, retry policy) changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from returns.result import Result

from mosaia import paging
from mosaia._types.page import Page
from mosaia.batch import Progress, run_many
from mosaia.config import MosaiaConfig
from mosaia.curl import to_curl
from mosaia.errors import MosaiaError
from mosaia.executors._base import Executor, close_executor
from mosaia.executors._stack import default_executor, proxy_for
from mosaia.groups._collections import CollectionGroups
from mosaia.oauth import OAuth
from mosaia.refresh import RefreshingExecutor, renewer
from mosaia.request import Call
from mosaia.retry import RetryPolicy
from mosaia.run import Response, run, run_with_response
from mosaia.session import Clock, Session
from mosaia.stream import Stream

if TYPE_CHECKING:
    # Each group's module (and its builders) loads when the group is first used, so importing
    # the SDK does not pay for every collection a program may never touch.
    import concurrent.futures

    from mosaia.aio import AsyncStream
    from mosaia.groups._agent_groups import AgentGroups
    from mosaia.groups._agents import Agents
    from mosaia.groups._app_bots import AppBots
    from mosaia.groups._apps import Apps
    from mosaia.groups._auth import Auth
    from mosaia.groups._billing import Billing
    from mosaia.groups._clients import Clients
    from mosaia.groups._models import Models
    from mosaia.groups._organizations import Organizations
    from mosaia.groups._permissions import Permissions
    from mosaia.groups._tools import Tools
    from mosaia.groups._users import Users
    from mosaia.relay import Backoff, Watch
    from mosaia.watch import AsyncWatcher, Watcher

T = TypeVar("T")
E = TypeVar("E")


class Mosaia(CollectionGroups):
    """The Mosaia client. ``Mosaia()`` is configured from the ``MOSAIA_*`` environment variables
    (:meth:`MosaiaConfig.from_env`: ``MOSAIA_API_KEY``, ``MOSAIA_BASE_URL``, ...), as a user who
    exported them expects; ``Mosaia(MosaiaConfig(...))`` uses exactly the config given and reads
    nothing implicitly. Without an executor it sends over urllib3.

    ``with Mosaia(...) as client:`` closes its connection pool at the end (:meth:`close`)."""

    def __init__(
        self, config: MosaiaConfig | None = None, executor: Executor | None = None
    ) -> None:
        self._config = config if config is not None else MosaiaConfig.from_env()
        # A default transport is built from the config (retries, proxy), so a client derived
        # with other such settings builds its own; one given by the caller is always kept.
        self._built = executor is None
        self._transport = executor if executor is not None else default_executor(self._config)
        # The refresh layer this client put on its transport (with_session), if any.
        self._layer: RefreshingExecutor | None = None
        self._executor = self._transport

    @classmethod
    def _assemble(
        cls,
        config: MosaiaConfig,
        transport: Executor,
        *,
        built: bool,
        layer: RefreshingExecutor | None,
    ) -> Mosaia:
        # A client over an existing transport, with the refresh layer rebuilt from `config`.
        client = cls(config, transport)
        client._built = built
        if layer is not None:
            client._layer = layer.rebound(transport, renewer(config, transport, layer.clock))
            client._executor = client._layer
        return client

    @property
    def config(self) -> MosaiaConfig:
        """The configuration every call of this client is prepared with."""
        return self._config

    @property
    def executor(self) -> Executor:
        """The executor every call of this client is sent through."""
        return self._executor

    def __repr__(self) -> str:
        return f"Mosaia({self._config!r}, executor={type(self._executor).__name__})"

    def close(self) -> None:
        """Release the pooled connections of this client's executor (``close()`` of each layer,
        where it has one). Harmless twice. Clients derived from this one share its pool: they
        stay usable and reconnect when next used."""
        close_executor(self._executor)

    def __enter__(self) -> Mosaia:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def with_config(self, config: MosaiaConfig | None = None, **changes: Any) -> Mosaia:
        """A new client with ``config`` (or this one's with ``changes``). Everything derived from
        the config is rebuilt: a client bound to a session renews it with the new config (at the
        new ``base_url``, say), still acting as the same session. The transport is shared with
        this client (one pool) unless the change touches its settings (``proxy_url``, or the
        retry policy); then a default one is built anew. An executor given to a client is
        always kept."""
        base = config if config is not None else self._config
        new_config = base.replace(**changes) if changes else base
        transport = self._transport
        if self._built and _transport_settings(new_config) != _transport_settings(self._config):
            transport = default_executor(new_config)
        return Mosaia._assemble(new_config, transport, built=self._built, layer=self._layer)

    def with_executor(self, executor: Executor) -> Mosaia:
        """A new client with the same config sending through ``executor`` as given (a session
        this client is bound to does not carry over: bind again with :meth:`with_session`)."""
        return Mosaia(self._config, executor)

    def run(self, call: Call[T]) -> Result[T, MosaiaError]:
        """Run one call; see :func:`mosaia.run.run`. Never raises."""
        return run(call, self._config, self._executor)

    def to_curl(self, call: Call[Any], *, redact: bool = True) -> str:
        """The ``curl`` command that sends ``call`` as this client would, secrets masked unless
        ``redact=False``; see :func:`mosaia.curl.to_curl`."""
        return to_curl(call, self._config, redact=redact)

    def run_with_response(self, call: Call[T]) -> Result[Response[T], MosaiaError]:
        """Run one call, keeping the answer's status, headers and request id beside the value;
        see :func:`mosaia.run.run_with_response`. Never raises."""
        return run_with_response(call, self._config, self._executor)

    def run_many(
        self,
        calls: Iterable[Call[T]],
        *,
        concurrency: int = 8,
        rate_limit: float | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        progress: bool = False,
        pool: concurrent.futures.Executor | None = None,
    ) -> list[Result[T, MosaiaError]]:
        """Run many calls over this client's executor, at most ``concurrency`` at a time and at
        most ``rate_limit`` starts a second, and return their results in the order given; see
        :func:`mosaia.batch.run_many` (Ctrl-C, progress, process pools). Never
        raises."""
        return run_many(
            calls,
            self._config,
            self._executor,
            concurrency=concurrency,
            rate_limit=rate_limit,
            on_progress=on_progress,
            progress=progress,
            pool=pool,
        )

    async def arun(self, call: Call[T]) -> Result[T, MosaiaError]:
        """:meth:`run` for asyncio (the request runs on a worker thread; see
        :mod:`mosaia.aio`). Never raises."""
        from mosaia import aio  # asyncio loads only for those who use it

        return await aio.arun(call, self._config, self._executor)

    async def arun_many(
        self, calls: Iterable[Call[T]], *, concurrency: int = 8
    ) -> list[Result[T, MosaiaError]]:
        """:meth:`run_many` for asyncio: results in the order given, at most ``concurrency`` in
        flight on worker threads. Never raises."""
        from mosaia import aio

        return await aio.arun_many(calls, self._config, self._executor, concurrency=concurrency)

    def stream(self, call: Call[T]) -> Stream[T]:
        """Run a streamed call (one built for Server-Sent Events, e.g.
        ``agents.chat_completion_stream(...)``): a context manager yielding ``Result[T, ...]``
        as events arrive. See :mod:`mosaia.stream`."""
        return Stream(call, self._config, self._executor)

    def astream(self, call: Call[T]) -> AsyncStream[T]:
        """:meth:`stream` for ``async with`` / ``async for``."""
        from mosaia import aio

        return aio.AsyncStream(Stream(call, self._config, self._executor))

    @overload
    def watch(self, target: Watch[T], *, backoff: Backoff | None = None) -> Watcher[T]: ...
    @overload
    def watch(self, target: str, *, backoff: Backoff | None = None) -> Watcher[Any]: ...
    def watch(self, target: str | Watch[Any], *, backoff: Backoff | None = None) -> Watcher[Any]:
        """Live updates of a collection (``"/drive"``), an entity (``"/drive/{id}"``), a drive's
        items (``"/item?drive={id}"``) or the activity feed (``"/activity"``), from the relay at
        ``config.sse_url``; reconnects and resumes by itself. See :mod:`mosaia.watch`."""
        # Loaded on first use, as asyncio is: most programs never watch.
        from mosaia.relay import watch_path
        from mosaia.watch import Watcher

        watch = watch_path(target) if isinstance(target, str) else target
        return Watcher(watch, self._config, self._executor, backoff)

    @overload
    def awatch(self, target: Watch[T], *, backoff: Backoff | None = None) -> AsyncWatcher[T]: ...
    @overload
    def awatch(self, target: str, *, backoff: Backoff | None = None) -> AsyncWatcher[Any]: ...
    def awatch(
        self, target: str | Watch[Any], *, backoff: Backoff | None = None
    ) -> AsyncWatcher[Any]:
        """:meth:`watch` for ``async with`` / ``async for``."""
        from mosaia.watch import AsyncWatcher

        return AsyncWatcher(self.watch(target, backoff=backoff))

    def iterate(self, call: Call[Page[E]]) -> Iterator[Result[E, MosaiaError]]:
        """Every item of the list ``call`` starts (any ``get_all``-style call, of any group),
        lazily, one page in memory at a time; see :func:`mosaia.paging.iterate`."""
        return paging.iterate(call, self.run)

    def iter_pages(self, call: Call[Page[E]]) -> Iterator[Result[Page[E], MosaiaError]]:
        """Every page of the list ``call`` starts, lazily; see :func:`mosaia.paging.iter_pages`."""
        return paging.iter_pages(call, self.run)

    def with_session(
        self,
        session: Session,
        *,
        clock: Clock | None = None,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> Mosaia:
        """A new client acting as ``session``: its requests carry the session's access token,
        renewed (with the grant matching how the session was obtained, at this client's server
        through its transport) when it expires by ``clock`` (epoch seconds; the system clock by
        default) or a request is answered 401; ``on_refresh`` is told each renewed session, to
        persist it. Clients derived from it with :meth:`with_config` act as the same session.
        See :class:`~mosaia.refresh.RefreshingExecutor`. ``client.auth.login_with_password``
        and ``client.oauth(...).login_with_code`` sign in and call this for you."""
        config = self._config.replace(api_key=session.access_token)
        layer = RefreshingExecutor(
            self._transport,
            session,
            renewer(config, self._transport, clock),
            clock=clock,
            on_refresh=on_refresh,
        )
        return Mosaia._assemble(config, self._transport, built=self._built, layer=layer)

    @property
    def session(self) -> Session | None:
        """The session this client acts as, kept current as it is renewed (to inspect or
        persist it), or ``None`` for a client not bound to one (see :meth:`with_session`)."""
        executor = self._executor
        return executor.session if isinstance(executor, RefreshingExecutor) else None

    @cached_property
    def auth(self) -> Auth[Mosaia]:
        """Auth: sign-in grants, refresh, sign-out, session and self."""
        from mosaia.groups._auth import Auth

        return Auth(self)

    def oauth(
        self,
        redirect_uri: str | None = None,
        scopes: Sequence[str] | None = None,
        state: str | None = None,
        *,
        client_id: str | None = None,
    ) -> OAuth[Mosaia]:
        """The seed's OAuth object: an authorization-code flow with PKCE for ``client_id``
        (default: the config's), with the authorize page on the config's ``frontend_url``."""
        return OAuth.for_client(
            self, redirect_uri=redirect_uri, scopes=scopes, state=state, client_id=client_id
        )

    def generate_api_key(self, client_id: str, client_secret: str) -> Result[Mosaia, MosaiaError]:
        """Sign in with client credentials; a new client whose config carries the issued access
        token as ``api_key``. This client is unchanged (see ``client.auth.generate_api_key``)."""
        return self.auth.generate_api_key(client_id, client_secret)

    @cached_property
    def agents(self) -> Agents:
        """Agents: CRUD and chat completions."""
        from mosaia.groups._agents import Agents

        return Agents(self)

    @cached_property
    def users(self) -> Users:
        """Users: CRUD and per-user session tokens."""
        from mosaia.groups._users import Users

        return Users(self)

    @cached_property
    def organizations(self) -> Organizations:
        """Organizations: CRUD and members."""
        from mosaia.groups._organizations import Organizations

        return Organizations(self)

    @cached_property
    def agent_groups(self) -> AgentGroups:
        """Agent groups: CRUD and chat completions with a whole group."""
        from mosaia.groups._agent_groups import AgentGroups

        return AgentGroups(self)

    @cached_property
    def models(self) -> Models:
        """Models: CRUD and OpenAI-compatible chat completions."""
        from mosaia.groups._models import Models

        return Models(self)

    @cached_property
    def clients(self) -> Clients:
        """OAuth clients: CRUD."""
        from mosaia.groups._clients import Clients

        return Clients(self)

    @cached_property
    def billing(self) -> Billing:
        """Billing: wallets and usage meters."""
        from mosaia.groups._billing import Billing

        return Billing(self)

    @cached_property
    def permissions(self) -> Permissions:
        """Permissions: access policies, org permissions and user permissions."""
        from mosaia.groups._permissions import Permissions

        return Permissions(self)

    @cached_property
    def apps(self) -> Apps:
        """Apps: CRUD and ``get()`` / ``get(id)``."""
        from mosaia.groups._apps import Apps

        return Apps(self)

    @cached_property
    def tools(self) -> Tools:
        """Tools at the configured scope (``config.user``, else ``config.org``, else global)."""
        from mosaia.groups._tools import Tools

        return Tools(self)

    @cached_property
    def app_bots(self) -> AppBots:
        """App bots: CRUD and ``get()`` / ``get(id)``."""
        from mosaia.groups._app_bots import AppBots

        return AppBots(self)

    # The seed's legacy spellings: the same groups under their old names.

    @property
    def orgs(self) -> Organizations:
        """The seed's alias of :attr:`organizations`."""
        return self.organizations

    @property
    def users_legacy(self) -> Users:
        """The seed's legacy user API: the same group as :attr:`users`."""
        return self.users

    @property
    def agents_legacy(self) -> Agents:
        """The seed's legacy agent API: the same group as :attr:`agents`."""
        return self.agents

    @property
    def agent_groups_legacy(self) -> AgentGroups:
        """The seed's legacy agent group API: the same group as :attr:`agent_groups`."""
        return self.agent_groups


def _transport_settings(config: MosaiaConfig) -> tuple[str | None, RetryPolicy]:
    # What a default transport is built from: the proxy requests go through (the explicit one,
    # or the environment's for this base URL) and the retry policy. Timeouts and the response
    # cap travel on each request, so changing them keeps the pool.
    return proxy_for(config), config.retry_policy

"""The client's groups for the collections the platform added since July 2025, as one mixin of
``cached_property`` groups that :class:`~mosaia.client.Mosaia` inherits (``client.drives``,
``client.tasks.under(agent="a1")``, ...), keeping ``client.py`` about the client itself."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mosaia.groups._activities import Activities
    from mosaia.groups._agent_tools import AgentTools
    from mosaia.groups._app_connectors import AppConnectors
    from mosaia.groups._app_webhooks import AppWebhooks
    from mosaia.groups._drive_items import DriveItems
    from mosaia.groups._drives import Drives
    from mosaia.groups._logs import Logs
    from mosaia.groups._memberships import Memberships
    from mosaia.groups._messages import Messages
    from mosaia.groups._notifications import Notifications
    from mosaia.groups._plans import Plans
    from mosaia.groups._scopes import Scopes
    from mosaia.groups._search import Search
    from mosaia.groups._snapshots import Snapshots
    from mosaia.groups._sso import Sso
    from mosaia.groups._tasks import Tasks
    from mosaia.groups._triggers import Triggers
    from mosaia.groups._upload_jobs import UploadJobs
    from mosaia.groups._vector_indexes import VectorIndexes
    from mosaia.groups._vectors import Vectors


class CollectionGroups:
    """``client.<collection>`` for each newer collection; each group is built once per client,
    and its module (with its builders) is imported then, not when ``mosaia`` is: most programs
    use a few of them."""

    @property
    def _mosaia(self) -> Any:
        # Only Mosaia inherits this mixin, so self is always the client; typed loosely so this
        # module need not import mosaia.client (which imports it): no import cycle.
        return self

    @cached_property
    def activities(self) -> Activities:
        """The audit log (read-only)."""
        from mosaia.groups._activities import Activities

        return Activities(self._mosaia)

    @cached_property
    def agent_tools(self) -> AgentTools:
        """Tools attached to an agent: ``under(agent=...)``."""
        from mosaia.groups._agent_tools import AgentTools

        return AgentTools(self._mosaia)

    @cached_property
    def app_connectors(self) -> AppConnectors:
        """App connectors (they replace app bots)."""
        from mosaia.groups._app_connectors import AppConnectors

        return AppConnectors(self._mosaia)

    @cached_property
    def app_webhooks(self) -> AppWebhooks:
        """App webhooks."""
        from mosaia.groups._app_webhooks import AppWebhooks

        return AppWebhooks(self._mosaia)

    @cached_property
    def drive_items(self) -> DriveItems:
        """A drive's files and folders: ``under(drive=...)``."""
        from mosaia.groups._drive_items import DriveItems

        return DriveItems(self._mosaia)

    @cached_property
    def drives(self) -> Drives:
        """Drives."""
        from mosaia.groups._drives import Drives

        return Drives(self._mosaia)

    @cached_property
    def logs(self) -> Logs:
        """Agent logs."""
        from mosaia.groups._logs import Logs

        return Logs(self._mosaia)

    @cached_property
    def memberships(self) -> Memberships:
        """Org memberships: ``under(org=...)`` or ``of_user(...)``."""
        from mosaia.groups._memberships import Memberships

        return Memberships(self._mosaia)

    @cached_property
    def messages(self) -> Messages:
        """A log's messages: ``under(log=...)``."""
        from mosaia.groups._messages import Messages

        return Messages(self._mosaia)

    @cached_property
    def notifications(self) -> Notifications:
        """Email notifications."""
        from mosaia.groups._notifications import Notifications

        return Notifications(self._mosaia)

    @cached_property
    def plans(self) -> Plans:
        """Plans."""
        from mosaia.groups._plans import Plans

        return Plans(self._mosaia)

    @cached_property
    def scopes(self) -> Scopes:
        """The OAuth scopes the platform knows."""
        from mosaia.groups._scopes import Scopes

        return Scopes(self._mosaia)

    @cached_property
    def search(self) -> Search:
        """Search across agents, apps, tools and models."""
        from mosaia.groups._search import Search

        return Search(self._mosaia)

    @cached_property
    def snapshots(self) -> Snapshots:
        """Log snapshots."""
        from mosaia.groups._snapshots import Snapshots

        return Snapshots(self._mosaia)

    @cached_property
    def sso(self) -> Sso:
        """Single sign-on."""
        from mosaia.groups._sso import Sso

        return Sso(self._mosaia)

    @cached_property
    def tasks(self) -> Tasks:
        """Tasks."""
        from mosaia.groups._tasks import Tasks

        return Tasks(self._mosaia)

    @cached_property
    def triggers(self) -> Triggers:
        """Task triggers."""
        from mosaia.groups._triggers import Triggers

        return Triggers(self._mosaia)

    @cached_property
    def upload_jobs(self) -> UploadJobs:
        """A drive's upload jobs: ``under(drive=...)``."""
        from mosaia.groups._upload_jobs import UploadJobs

        return UploadJobs(self._mosaia)

    @cached_property
    def vector_indexes(self) -> VectorIndexes:
        """Vector indexes."""
        from mosaia.groups._vector_indexes import VectorIndexes

        return VectorIndexes(self._mosaia)

    @cached_property
    def vectors(self) -> Vectors:
        """An index's vectors: ``under(index=...)``."""
        from mosaia.groups._vectors import Vectors

        return Vectors(self._mosaia)

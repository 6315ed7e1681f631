"""Collections whose create and update take typed keywords: ``**fields: Unpack[AgentBody]``,
so a misspelt field is a type error at the call (``client.agents.create(short_descripton=...)``)
instead of a body the server rejects or, worse, ignores. The bodies are in
:mod:`mosaia._types.bodies`; the behaviour is :class:`~mosaia.api._crud.Resource`'s, unchanged.

Each override narrows ``**fields: Any`` to the entity's fields, which is the point of it, and so
is not a substitutable override in mypy's sense: hence the one ``type: ignore[override]`` per
method. Code that holds a collection as ``Resource[Any]`` still calls them with any keywords.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from mosaia._types.drives import Drive, DriveItem
from mosaia._types.entities import Agent, App, Client, Model, Organization, Tool, User
from mosaia._types.work import Log, Message, Plan, Task, Trigger
from mosaia.api._crud import Body, Resource, Target, references
from mosaia.request import Call

if TYPE_CHECKING:
    # Only named in annotations (the bodies' keywords are for the type checker): building
    # their TypedDicts at import would cost every program a couple of milliseconds.
    from mosaia._types.bodies import (
        AgentBody,
        AppBody,
        ClientBody,
        DriveBody,
        DriveItemBody,
        LogBody,
        MessageBody,
        ModelBody,
        OrganizationBody,
        PlanBody,
        TaskBody,
        ToolBody,
        TriggerBody,
        UserBody,
    )

R = TypeVar("R", bound=Resource[Any])


def _with(resource: R, problem: str | None) -> R:
    # The generic builders, on this collection or, given a problem, on a copy that carries it
    # (every call built from it is then invalid).
    if problem is None or resource.problem is not None:
        return resource
    marked = copy.copy(resource)
    marked._fault = problem
    return marked


__all__ = [
    "AgentResource",
    "AppResource",
    "ClientResource",
    "DriveItemResource",
    "DriveResource",
    "LogResource",
    "MessageResource",
    "ModelResource",
    "OrganizationResource",
    "PlanResource",
    "TaskResource",
    "ToolResource",
    "TriggerResource",
    "UserResource",
]


class AgentResource(Resource[Agent]):
    """A collection of :class:`~mosaia.types.Agent` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.AgentBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[AgentBody]
    ) -> Call[Agent]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[AgentBody]
    ) -> Call[Agent]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class ModelResource(Resource[Model]):
    """A collection of :class:`~mosaia.types.Model` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.ModelBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[ModelBody]
    ) -> Call[Model]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[ModelBody]
    ) -> Call[Model]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class AppResource(Resource[App]):
    """A collection of :class:`~mosaia.types.App` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.AppBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[AppBody]
    ) -> Call[App]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[AppBody]
    ) -> Call[App]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class ToolResource(Resource[Tool]):
    """A collection of :class:`~mosaia.types.Tool` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.ToolBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[ToolBody]
    ) -> Call[Tool]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[ToolBody]
    ) -> Call[Tool]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class UserResource(Resource[User]):
    """A collection of :class:`~mosaia.types.User` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.UserBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[UserBody]
    ) -> Call[User]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[UserBody]
    ) -> Call[User]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class OrganizationResource(Resource[Organization]):
    """A collection of :class:`~mosaia.types.Organization` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.OrganizationBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[OrganizationBody]
    ) -> Call[Organization]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[OrganizationBody]
    ) -> Call[Organization]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class ClientResource(Resource[Client]):
    """A collection of :class:`~mosaia.types.Client` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.ClientBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[ClientBody]
    ) -> Call[Client]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[ClientBody]
    ) -> Call[Client]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class DriveResource(Resource[Drive]):
    """A collection of :class:`~mosaia.types.Drive` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.DriveBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[DriveBody]
    ) -> Call[Drive]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[DriveBody]
    ) -> Call[Drive]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class DriveItemResource(Resource[DriveItem]):
    """A collection of :class:`~mosaia.types.DriveItem` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.DriveItemBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[DriveItemBody]
    ) -> Call[DriveItem]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[DriveItemBody]
    ) -> Call[DriveItem]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class TaskResource(Resource[Task]):
    """A collection of :class:`~mosaia.types.Task` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.TaskBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[TaskBody]
    ) -> Call[Task]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[TaskBody]
    ) -> Call[Task]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class PlanResource(Resource[Plan]):
    """A collection of :class:`~mosaia.types.Plan` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.PlanBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[PlanBody]
    ) -> Call[Plan]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[PlanBody]
    ) -> Call[Plan]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class TriggerResource(Resource[Trigger]):
    """A collection of :class:`~mosaia.types.Trigger` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.TriggerBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[TriggerBody]
    ) -> Call[Trigger]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[TriggerBody]
    ) -> Call[Trigger]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class LogResource(Resource[Log]):
    """A collection of :class:`~mosaia.types.Log` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.LogBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[LogBody]
    ) -> Call[Log]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[LogBody]
    ) -> Call[Log]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)


class MessageResource(Resource[Message]):
    """A collection of :class:`~mosaia.types.Message` whose create and update take the
    keywords of :class:`~mosaia._types.bodies.MessageBody`."""

    def create(  # type: ignore[override]
        self, body: Body = None, /, **fields: Unpack[MessageBody]
    ) -> Call[Message]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        refs, problem = references(fields)
        return Resource.create(_with(self, problem), body, **refs)

    def update(  # type: ignore[override]
        self, id: Target, body: Body = None, /, **fields: Unpack[MessageBody]
    ) -> Call[Message]:
        """PUT ``/R/{id}``: change only the fields given."""
        refs, problem = references(fields)
        return Resource.update(_with(self, problem), id, body, **refs)

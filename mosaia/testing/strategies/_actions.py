"""The platform's actions on one item (contract 2.6) as operations: models run, agent work,
tools, search and access; and the file operations (images, the API side of drive uploads)."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import quote

from hypothesis import strategies as st

from mosaia.api import (
    agent_tools,
    agents,
    apps,
    drive_items,
    drives,
    models,
    organizations,
    plans,
    tasks,
    tools,
    triggers,
    uploads,
    users,
    vector_indexes,
)
from mosaia.testing._sim.fixtures import IDS
from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._inputs import (
    Args,
)
from mosaia.testing.strategies._operation import MISSING, STATEFUL, Operation, _action, _mostly, _op
from mosaia.testing.strategies._structs import references
from mosaia.types import (
    AccessGrant,
    AccessList,
    AccessRevocation,
    Agent,
    App,
    EmbeddingResponse,
    Organization,
    Plan,
    PlanApproval,
    ReindexResult,
    RerankResponse,
    Task,
    Tool,
    TriggerExecution,
    UploadFailure,
    UploadJob,
    UploadStart,
    User,
    VectorMatch,
)

_NOTHING: st.SearchStrategy[Args] = st.just(((), {}))
_ARGUMENTS = st.dictionaries(
    st.sampled_from(["city", "query", "units", "n"]),
    st.one_of(v.names(), st.integers(-100, 100), st.booleans()),
    max_size=3,
)
_ACCESSORS = st.one_of(
    references("user").map(lambda u: {"user": u}),
    references("agent").map(lambda a: {"agent": a}),
    references("client").map(lambda c: {"client": c}),
)
_ROLES = st.sampled_from(["READ_ONLY", "VIEWER", "EDITOR", "MANAGER"])
_SEARCHES = st.tuples(
    v.query_texts(1, 12).filter(str.strip).map(lambda q: (q,)),
    st.fixed_dictionaries(
        {},
        optional={
            "limit": st.integers(1, 20),
            "params": st.dictionaries(st.sampled_from(["tag", "lang"]), v.names(), max_size=2),
            "exclude": st.lists(v.ids(), max_size=2),
        },
    ),
)


def _access(module: ModuleType, ids: st.SearchStrategy[str], *parents: str) -> list[Operation]:
    grant: st.SearchStrategy[Args] = st.tuples(st.tuples(_ACCESSORS, _ROLES), st.just({}))
    revoke: st.SearchStrategy[Args] = st.tuples(st.tuples(_ACCESSORS), st.just({}))
    return [
        _action(module, "grant_access", ids, grant, MISSING, AccessGrant, "bare", parents),
        _action(module, "revoke_access", ids, revoke, MISSING, AccessRevocation, "bare", parents),
        _action(module, "list_access", ids, _NOTHING, MISSING, AccessList, "bare", parents),
    ]


#: The platform's actions on one item (contract 2.6): models run, agent work, tools, search
#: and access. Valid inputs only; the item's state may still refuse (409).
ACTIONS: tuple[Operation, ...] = (
    _action(
        models,
        "rerank",
        references("model"),
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {"query": v.names(), "documents": st.lists(v.texts(0, 30), max_size=4)}
            ),
        ),
        MISSING,
        RerankResponse,
        "bare",
    ),
    _action(
        models,
        "embeddings",
        references("model"),
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {"input": st.one_of(v.texts(0, 30), st.lists(v.texts(0, 30), min_size=1))}
            ),
        ),
        MISSING,
        EmbeddingResponse,
        "bare",
    ),
    _action(tasks, "execute", _mostly(IDS.task), _NOTHING, STATEFUL, Task, "one", ("agent",)),
    _action(tasks, "interrupt", _mostly(IDS.task), _NOTHING, STATEFUL, Task, "one", ("agent",)),
    _action(
        plans,
        "approve",
        _mostly(IDS.plan),
        st.tuples(
            st.just(()),
            st.fixed_dictionaries(
                {}, optional={"mode": st.sampled_from(["review", "auto_execute"])}
            ),
        ),
        STATEFUL,
        PlanApproval,
        "bare",
    ),
    _action(plans, "execute", _mostly(IDS.plan), _NOTHING, STATEFUL, Plan, "one"),
    _action(triggers, "execute", _mostly(IDS.trigger), _NOTHING, STATEFUL, TriggerExecution, "one"),
    _action(
        tools,
        "execute",
        references("tool"),
        st.tuples(st.tuples(_ARGUMENTS), st.just({})),
        MISSING,
        dict,
        "one",
    ),
    _action(
        agent_tools,
        "execute",
        _mostly(IDS.agent_tool),
        st.tuples(st.tuples(_ARGUMENTS), st.just({})),
        MISSING,
        dict,
        "one",
        ("agent",),
    ),
    _action(
        vector_indexes,
        "search",
        _mostly(IDS.index),
        _SEARCHES,
        MISSING,
        VectorMatch,
        "page",
        ("drive", "org", "user", "app"),
    ),
    _action(
        vector_indexes,
        "reindex",
        _mostly(IDS.index),
        _NOTHING,
        MISSING,
        ReindexResult,
        "bare",
        ("drive", "org", "user", "app"),
    ),
    *_access(drives, _mostly(IDS.drive), "org", "user"),
    *_access(drive_items, _mostly(IDS.folder, IDS.report), "drive"),
)


_FILE_NAMES = st.sampled_from(["a.txt", "report 1.pdf", "ü.md", "data.csv"])
_DRIVES = st.one_of(st.just(IDS.drive), v.ids())
_JOBS = st.one_of(st.just(IDS.upload), v.ids())


def _job_url(drive: str, job: str) -> str:
    # As the platform writes a job's status_url: the versioned path, each id percent-encoded.
    return f"/v1/drive/{quote(drive, safe='')}/upload/{quote(job, safe='')}"


def _file_operations() -> tuple[Operation, ...]:
    # Files (contract 4.3, 4.4): images by entity, and the API side of a drive upload.
    images = tuple(
        _op(
            module,
            "upload_image",
            st.tuples(
                st.tuples(
                    references(kind),
                    st.binary(min_size=1, max_size=64),
                    st.sampled_from(["a.png", "face 1.png", "ü.png"]),
                    st.sampled_from(["image/png", "image/jpeg"]),
                ),
                st.just({}),
            ),
            MISSING,
            item,
            "bare",
        )
        for module, kind, item in (
            (agents, "agent", Agent),
            (apps, "app", App),
            (tools, "tool", Tool),
            (users, "user", User),
            (organizations, "org", Organization),
        )
    )
    # Each file with its bytes in memory, as the announce carries them.
    announced = st.lists(
        st.tuples(_FILE_NAMES, st.binary(min_size=1, max_size=64)).map(
            lambda f: uploads.Announced(f[0], len(f[1]), source=f[1])
        ),
        min_size=1,
        max_size=4,
    )
    return (
        *images,
        _op(
            uploads,
            "announce",
            st.tuples(st.tuples(_DRIVES, announced), st.just({})),
            MISSING,
            UploadStart,
            "bare",
        ),
        _op(
            uploads,
            "job_status",
            st.tuples(_DRIVES, _JOBS).map(lambda a: ((_job_url(*a),), {})),
            MISSING,
            UploadJob,
            "one",
        ),
        _op(
            uploads,
            "mark_failed",
            st.tuples(_DRIVES, _JOBS, v.texts(1, 20)).map(
                lambda a: ((_job_url(a[0], a[1]) + "/failed", a[2]), {})
            ),
            MISSING,
            UploadFailure,
            "bare",
        ),
    )


#: The file operations (contract 4.3, 4.4) as a table of their own.
FILE_OPERATIONS = _file_operations()

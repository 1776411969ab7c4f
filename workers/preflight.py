"""Before a worker serves (`zhixing worker`, the workers of `zhixing dev`): Temporal's namespace and
the case search attributes are there (workers/temporal_setup.py), and the case record is
migrated. Anything wrong stops the worker with what it is and the command that fixes it.

The worker checks the schema and no longer migrates it: a schema change is a deliberate step
(`zhixing db migrate`) taken once before the workers that need it roll out, not a side effect of
whichever worker starts first while workers of the previous version still run on it; and a
worker's database role need not be allowed to change the schema.
"""

from __future__ import annotations

import asyncpg
from temporalio.client import Client

from store.db import Database, pending_migrations
from workers.temporal_setup import Problem, Problems, temporal_problems

MIGRATE_COMMAND = "zhixing db migrate"


class NotReady(Problems):
    """The worker does not start: what is wrong, and how to fix it."""

    title = "worker 未启动：运行环境未就绪 / the worker did not start: its environment is not ready"


async def database_problems(database: Database) -> list[Problem]:
    """The case record is reachable (the embedded server started if it is the one) and every
    migration is applied. Opens the database's pool without migrating."""
    try:
        pool = await database.pool(migrating=False)
        async with pool.acquire() as conn:
            pending = await pending_migrations(conn)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return [
            Problem(
                "案件库（PostgreSQL）不可用",
                "the case record (PostgreSQL) is unusable",
                "检查 ZHIXING_DATABASE_URL / check ZHIXING_DATABASE_URL",
                f"{type(exc).__name__}: {exc}",
            )
        ]
    if not pending:
        return []
    return [
        Problem(
            "案件库尚未迁移",
            "the case record is not migrated",
            MIGRATE_COMMAND,
            "pending: " + ", ".join(m.name for m in pending),
        )
    ]


async def check_ready(client: Client, database: Database) -> None:
    """Raise `NotReady` naming every problem found (Temporal's and the database's at once)."""
    problems = await temporal_problems(client, client.namespace)
    problems += await database_problems(database)
    if problems:
        raise NotReady(problems)

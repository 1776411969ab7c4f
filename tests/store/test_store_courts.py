"""The court registry in PostgreSQL: seeded from store/data/courts.csv by its migration, grown by
`zhixing courts import`, and never left as anything but one tree under 最高法."""

from __future__ import annotations

import asyncpg
import pytest

from domain.courts import Court
from store.courts import bundled_courts, import_courts, load_registry

pytestmark = pytest.mark.integration


async def test_the_migration_seeds_the_bundled_registry(store_pool: asyncpg.Pool) -> None:
    registry = await load_registry(store_pool)
    assert len(registry) == len(bundled_courts()) > 50
    assert registry.chain("京0105") == ("京0105", "京03", "京", "最高法")
    # the path the subtree lists match by (migrations/0010), read from the table
    assert await store_pool.fetchval("SELECT court_path('京0105')") == "/最高法/京/京03/京0105/"
    assert await store_pool.fetchval("SELECT court_path('京0208')") is None


async def test_an_import_adds_courts_and_a_broken_one_changes_nothing(
    store_pool: asyncpg.Pool,
) -> None:
    guangdong = [
        Court(code="粤06", name="广东省佛山市中级人民法院", level="中级", parent_code="粤"),
        Court(code="粤0604", name="佛山市禅城区人民法院", level="基层", parent_code="粤06"),
    ]
    async with store_pool.acquire() as conn:
        registry = await import_courts(conn, guangdong)
        assert registry.chain("粤0604") == ("粤0604", "粤06", "粤", "最高法")
        before = await conn.fetch("SELECT * FROM courts ORDER BY code")
        broken = [
            Court(code="粤0605", name="佛山市南海区人民法院", level="基层", parent_code="粤07"),
            Court(code="粤06", name="改名", level="中级", parent_code="粤"),
        ]
        with pytest.raises(ValueError, match="不在表中"):
            await import_courts(conn, broken)  # 粤07 is not in the table: nothing lands
        assert await conn.fetch("SELECT * FROM courts ORDER BY code") == before
        looped = [Court(code="粤", name="广东省高级人民法院", level="高级", parent_code="粤0604")]
        with pytest.raises(ValueError, match="成环"):
            await import_courts(conn, looped)
        assert await conn.fetch("SELECT * FROM courts ORDER BY code") == before

"""The training sandbox (沙盘推演, workers/sandbox.py): a small run on its own time-skipping test
server, recording into a fresh database of the session's real PostgreSQL; the report's figures
are checked against the record, queried here independently of store/sandbox_figures.py."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from domain.calendar import SHANGHAI
from store.queries import indicators
from tests.integration.command import zhixing
from tests.store.conftest import fresh_database
from workers.sandbox import SandboxOptions, run_sandbox

pytestmark = pytest.mark.integration


async def test_sandbox_report_matches_the_record(postgres_url: str, tmp_path: Path) -> None:
    url = await fresh_database(postgres_url)
    folder = tmp_path / "sandbox"
    options = SandboxOptions(court="京0105", cases=20, days=180, seed=1)
    run, _ = await run_sandbox(folder, options, url)
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3  # over time, indicators by quarter, rules breached

    conn = await asyncpg.connect(url)
    try:
        # Every case filed is in the record, and the statuses at the end are the record's.
        statuses = {
            r["status"]: r["n"]
            for r in await conn.fetch(
                "SELECT status, count(*) AS n FROM case_summary GROUP BY status"
            )
        }
        assert sum(statuses.values()) == len(run.filed) == figures["cases"] == 20
        assert figures["statuses"] == statuses
        # The staff got somewhere: cases closed (执行完毕) and 终本, others still running.
        assert statuses.get("closed", 0) > 0 and statuses.get("active", 0) > 0

        # The last sample is the record as the run left it.
        last = figures["samples"][-1]
        assert datetime.fromisoformat(last["at"]) == run.until
        assert run.until == datetime.combine(run.end, datetime.min.time(), SHANGHAI) + timedelta(
            hours=23
        )
        overdue = await conn.fetchval(
            "SELECT count(*) FROM case_summary WHERE status <> 'closed' AND next_deadline_at < $1",
            run.until,
        )
        assert last["overdue"] == overdue
        levels = await conn.fetchrow(
            """SELECT count(*) FILTER (WHERE escalation_level = 1) AS one,
                      count(*) FILTER (WHERE escalation_level = 2) AS two,
                      count(*) FILTER (WHERE escalation_level >= 3) AS three
               FROM case_summary"""
        )
        assert last["by_level"] == [levels["one"], levels["two"], levels["three"]]
        # Over the run, cases went overdue and escalated (late and absent officers).
        assert max(s["overdue"] for s in figures["samples"]) > 0
        assert figures["samples"][0]["overdue"] == 0  # nothing filed yet

        # The rules breached most: deadlines escalated to level 1, by rule, from case_events.
        breached = await conn.fetch(
            """SELECT payload->>'rule' AS rule, count(*) AS n FROM case_events
               WHERE type = 'deadline_escalated' AND (payload->>'level')::int = 1
               GROUP BY 1 ORDER BY n DESC, rule"""
        )
        assert breached, "nothing overdue in half a year with late and absent officers"
        assert figures["breached"] == [[r["rule"], r["n"]] for r in breached]
        for r in breached[:12]:
            assert f"（{r['rule']}）" in html

        # 3+1 per quarter: the projection's own indicators, and two of them counted here from
        # the events: petitions registered in the quarter (涉执信访), cases filed by its end.
        assert [q["start"] for q in figures["quarters"]][0] == run.start.isoformat()
        for quarter in figures["quarters"]:
            start, end = date.fromisoformat(quarter["start"]), date.fromisoformat(quarter["end"])
            expected = await indicators(conn, "京0105", start, end)
            assert quarter["indicators"] == [i.as_json() for i in expected.items]
            by_key = {i["key"]: i for i in quarter["indicators"]}
            petitions = await conn.fetchval(
                """SELECT count(*) FROM case_events WHERE type = 'petition_registered'
                   AND (payload->>'received_on')::date BETWEEN $1 AND $2""",
                start,
                end,
            )
            assert by_key["petitions_concluded"]["denominator"] == petitions
            filed = await conn.fetchval(
                "SELECT count(*) FROM case_events WHERE type = 'case_filed'"
                " AND (payload->>'filed_on')::date <= $1",
                end,
            )
            assert by_key["concluded_within_three_years"]["denominator"] == filed
            for i in quarter["indicators"]:
                assert f"（{i['numerator']}/{i['denominator']}）" in html
        assert any(
            i["denominator"]
            for q in figures["quarters"]
            for i in q["indicators"]
            if i["key"] == "petitions_concluded"
        ), "no petitioner wrote in"
        urged = await conn.fetchval(
            "SELECT count(*) FROM case_events WHERE type IN ('supervision_opened',"
            " 'supervision_urged') AND actor->>'role' = 'supervisor'"
        )
        assert urged > 0, "the supervisor never acted"
    finally:
        await conn.close()


async def test_same_seed_same_figures(postgres_url: str, tmp_path: Path) -> None:
    """Two runs of one seed from one day: the same figures, to the last sample."""
    start = datetime.now(SHANGHAI).date() + timedelta(days=2)
    options = SandboxOptions(court="京0105", cases=8, days=60, seed=7, start=start)
    written = []
    for name in ("a", "b"):
        await run_sandbox(tmp_path / name, options, await fresh_database(postgres_url))
        written.append((tmp_path / name / "figures.json").read_text(encoding="utf-8"))
    assert written[0] == written[1]
    assert json.loads(written[0])["start"] == start.isoformat()


async def test_a_folder_with_a_record_is_refused(tmp_path: Path) -> None:
    """`zhixing sandbox` never mixes a run into a case record already there."""
    (tmp_path / "postgres").mkdir()
    status, out, err = await zhixing(
        "sandbox", "--cases", "1", "--data", str(tmp_path), env=os.environ
    )
    assert status == 1, out + err
    assert "already holds a case record" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["postgres"]

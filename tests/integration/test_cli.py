"""The `zhixing` command against a running worker on the real dev server.

A case is filed from a JSON file, acted on from a file and from stdin, shown and its events
listed; refusals print the engine's bilingual message and exit non-zero, changing nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.calendar import local_date
from runtime.settings import Settings
from tests.integration.command import zhixing
from tests.workflow.helpers import filing, running_workers

pytestmark = pytest.mark.integration

QUEUE = "cli-test"


async def _zhixing(
    env: WorkflowEnvironment, *args: str, stdin: str | None = None, **more: str
) -> tuple[int, str, str]:
    return await zhixing(
        *args,
        env={
            **os.environ,
            "ZHIXING_TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
            "ZHIXING_TEMPORAL_NAMESPACE": env.client.namespace,
            "ZHIXING_TASK_QUEUE": QUEUE,
            **more,
        },
        stdin=stdin,
    )


async def test_an_officer_works_a_case_from_the_command_line(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path, adapters="manual", task_queue=QUEUE, simulator_task_queue=f"{QUEUE}-sim"
    )
    today = local_date(await dev_server.get_current_time())
    case = filing(today, case_number=f"({today.year})京0105执88001号")
    number = case.case_number
    case_file = tmp_path / "file_case.json"
    case_file.write_text(case.model_dump_json(), encoding="utf-8")
    notice = tmp_path / "notice.json"
    notice.write_text('{"type": "issue_notice", "method": "postal"}', encoding="utf-8")

    async with running_workers(dev_server.client, settings):
        code, _, err = await _zhixing(dev_server, "case", "file", str(case_file))
        assert code == 0, err
        code, _, err = await _zhixing(dev_server, "case", "file", str(case_file))
        assert code != 0 and "案件已立案" in err and "already filed" in err
        # a court the registry does not hold (京0208 looks like one; no such court exists)
        unknown = filing(
            today, case_number=f"({today.year})京0208执88001号", court_code="京0208", edition=1
        )
        unknown_file = tmp_path / "unknown_court.json"
        unknown_file.write_text(unknown.model_dump_json(exclude={"edition"}), "utf-8")
        code, _, err = await _zhixing(dev_server, "case", "file", str(unknown_file))
        assert code != 0 and "court.unknown" in err and "不在法院名录中" in err
        code, out, err = await _zhixing(dev_server, "courts", "show", "京0105")
        assert code == 0, err
        assert [line.split()[0] for line in out.splitlines()] == ["京0105", "京03", "京", "最高法"]

        code, out, err = await _zhixing(dev_server, "case", "act", number, str(notice))
        assert code == 0, err
        assert "已受理" in out and "notice_issued" in out  # the answer: the events it added
        code, out, err = await _zhixing(
            dev_server,
            "case",
            "act",
            number,
            "-",
            "--json",
            stdin='{"type": "request_asset_search"}',
        )
        assert code == 0, err
        answer = json.loads(out)
        assert answer["case_number"] == number and not answer["repeated"]
        assert "asset_search_requested" in [e["type"] for e in answer["events"]]
        assert answer["events"][-1]["seq"] == answer["last_seq"]

        # refused by the rules: the notice was already issued; the case does not change
        code, _, err = await _zhixing(dev_server, "case", "act", number, str(notice))
        assert code != 0
        assert "notice.already_issued" in err and "已经发出" in err and "already issued" in err
        # refused by the policy: an officer of another court
        code, _, err = await _zhixing(
            dev_server,
            "case",
            "act",
            number,
            "-",
            "--court",
            "京0108",
            stdin='{"type": "request_asset_search", "scope": "on_site"}',
        )
        assert code != 0 and "auth.forbidden" in err
        # malformed input
        code, _, err = await _zhixing(dev_server, "case", "act", number, "-", stdin="{not json")
        assert code != 0

        code, out, err = await _zhixing(dev_server, "case", "show", number, "--json")
        assert code == 0, err
        snapshot = json.loads(out)
        assert snapshot["case_number"] == number
        assert snapshot["stage"] == "investigation"
        assert [s["state"] for s in snapshot["searches"]] == ["pending"]
        assert {d["rule"]: d["state"] for d in snapshot["deadlines"]}["notice.issue"] == "met"

        code, out, err = await _zhixing(dev_server, "case", "show", number)
        assert code == 0 and "案号" in out and number in out

        code, out, err = await _zhixing(dev_server, "case", "events", number)
        assert code == 0, err
        for kind in ("case_filed", "notice_issued", "asset_search_requested"):
            assert kind in out
        assert out.count("notice_issued") == 1  # the refused repeat left no trace
        # the record unreachable: the workflow's events query, page by page (its first run
        # holds every event)
        code, fallback, err = await _zhixing(
            dev_server,
            "case",
            "events",
            number,
            ZHIXING_DATABASE_URL="postgresql://zhixing@127.0.0.1:1/unreachable",
        )
        assert code == 0, err
        assert fallback.splitlines()[0].startswith("#1 ") and "case_filed" in fallback
        assert fallback.count("notice_issued") == 1 and "asset_search_requested" in fallback
        assert "不可达" not in err  # nothing left out

        code, _, err = await _zhixing(dev_server, "case", "show", f"({today.year})京0105执1号")
        assert code != 0 and "案件不存在" in err

        # reading goes through the shared policy and the chain the case recorded: another basic
        # court may not, its intermediate court's (京03 for 朝阳) supervisor may, another
        # intermediate court's (京01, whose prefix 京0105 shares) may not
        code, _, err = await _zhixing(dev_server, "case", "show", number, "--court", "京0108")
        assert code != 0 and "无权查看" in err and "may not read" in err
        code, out, err = await _zhixing(
            dev_server, "case", "events", number, "--role", "supervisor", "--court", "京03"
        )
        assert code == 0 and "case_filed" in out, err
        for other in ("京01", "京02"):
            code, _, err = await _zhixing(
                dev_server, "case", "show", number, "--role", "supervisor", "--court", other
            )
            assert code != 0 and "may not read" in err

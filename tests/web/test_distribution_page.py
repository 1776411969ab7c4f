"""The officer's view of a contested distribution (issue 14): the forms of the new commands in
Chinese, a plan's objection window counting down on the case page, and the escrow (提存) once
the objector sues, in the amounts and in the case account's ledger."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest

from domain.money import Allocation
from domain.registry import COMMAND_MODELS
from domain.state import Distribution, Payout
from tests.web.harness import WebStack, act, file_case, filing, login, recorded
from web.forms import COMMAND_ADAPTER, _inputs, command_from_form
from web.labels import COMMAND_ZH, plan_window
from web.labels import today as court_today

NEW = {
    "serve_distribution_plan": {"distribution_id": "D9", "served_on": "2026-04-20"},
    "file_distribution_objection": {
        "distribution_id": "D9",
        "objector_id": "C2",
        "against_payout_id": "D9-2",
        "disputed_fen": "20000.00",
        "filed_on": "2026-04-28",
        "notified_on": "2026-04-29",
        "reason": "利息计算有误",
    },
    "record_counter_opinion": {
        "distribution_id": "D9",
        "opposed_by": '["A1"]',
        "filed_on": "2026-05-08",
        "notified_on": "2026-05-11",
    },
    "record_distribution_suit": {
        "distribution_id": "D9",
        "filed_on": "2026-05-20",
        "suit_case_number": "(2026)京0105民初777号",
    },
    "record_distribution_judgment": {
        "distribution_id": "D9",
        "awarded_fen": "15000",
        "judged_on": "2026-09-01",
        "document_no": "(2026)京0105民初777号",
    },
    "join_distribution": {
        "creditor.party_id": "C2",
        "creditor.name": "赵六",
        "creditor.kind": "person",
        "basis.kind": "judgment",
        "basis.document_no": "(2025)京0106民初99号",
        "owed_fen": "500000",
        "secured": "",
        "applied_on": "2026-04-15",
    },
    "record_seal_queued": {
        "asset_id": "AS-1",
        "prior_court_code": "京0106",
        "prior_sealed_on": "2026-01-15",
        "position": "2",
        "queued_on": "2026-03-11",
    },
    "record_prior_seal_released": {"asset_id": "AS-1", "released_on": "2026-09-30"},
}


@pytest.mark.parametrize("command_type", sorted(NEW))
def test_each_new_command_has_a_chinese_form_that_builds_the_command(command_type: str) -> None:
    inputs = _inputs(COMMAND_MODELS[command_type], None, date(2026, 4, 20), "")
    names = [i.name for i in inputs]
    assert set(NEW[command_type]) <= set(names), names
    for item in inputs:
        assert re.search(r"[\u4e00-\u9fff]", item.label), f"{item.name}: no Chinese label"
    assert COMMAND_ZH[command_type]
    command = COMMAND_ADAPTER.validate_python(command_from_form(command_type, NEW[command_type]))
    assert command.type == command_type


def test_a_plans_window_counts_down_to_its_last_day() -> None:
    """distribution.plan.objection: served Mon 2026-04-20, 15 days → Tue 05-05, Labour Day →
    last day Wed 05-06. On Sun 05-03 three days are left; on 05-06 it ends that day."""
    plan = Distribution(
        distribution_id="D9",
        approved_on=date(2026, 4, 16),
        available_fen=100,
        payouts=[
            Payout(
                payout_id="D9-1",
                allocation=Allocation(claimant_id="A1", kind="applicant", amount_fen=100),
            )
        ],
        dispute="objection_window",
        served_on=date(2026, 4, 20),
        objection_until=date(2026, 5, 6),
    )
    assert plan_window(plan, date(2026, 5, 3)) == "异议期至 2026-05-06（剩 3 天）"
    assert plan_window(plan, date(2026, 5, 6)) == "异议期至 2026-05-06（今日届满）"
    assert plan_window(plan.model_copy(update={"dispute": "final"}), date(2026, 5, 3)) == ""


@pytest.mark.integration
async def test_the_case_page_counts_the_objection_window_down_and_shows_the_escrow(
    stack: WebStack,
) -> None:
    respondent = [{"party_id": "R1", "name": "李四", "kind": "person"}]
    today = court_today().isoformat()
    async with login(stack, "t-officer-0105") as officer:
        filed = await file_case(officer, filing("京0105", "t-officer-0105", respondents=respondent))
        number = filed["case_number"]
        await act(
            officer,
            number,
            {
                "type": "record_funds_received",
                "source": "voluntary",
                "amount_fen": 30_000_000,
                "received_on": today,
            },
        )
        await act(
            officer,
            number,
            {
                "type": "join_distribution",
                "creditor": {"party_id": "C2", "name": "赵六", "kind": "person"},
                "basis": {"kind": "judgment", "document_no": "(2025)京0106民初99号"},
                "owed_fen": 50_000_000,
                "applied_on": today,
            },
        )
    async with login(stack, "t-judge-0105") as judge:
        approved = await act(
            judge,
            number,
            {
                "type": "approve_distribution",
                "claims": [
                    {"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000},
                    {"claimant_id": "C2", "kind": "applicant", "owed_fen": 50_000_000},
                ],
            },
        )
    plan = approved["distributions"][-1]
    plan_id = plan["distribution_id"]
    a1_line = plan["payouts"][0]["payout_id"]
    async with login(stack, "t-officer-0105") as officer:
        served = await act(
            officer,
            number,
            {"type": "serve_distribution_plan", "distribution_id": plan_id, "served_on": today},
        )
        until = date.fromisoformat(served["distributions"][-1]["objection_until"])
        page = (await officer.get(f"/cases/{quote(number)}")).text
        assert f'id="plan-{plan_id}"' in page and "异议期" in page
        shown = re.search(r"异议期至 (\d{4}-\d{2}-\d{2})（剩 (\d+) 天）", page)
        assert shown is not None, page
        assert date.fromisoformat(shown[1]) == until
        # 15 days from today, moved past rest days at the end (never more than a holiday)
        assert int(shown[2]) == (until - court_today()).days and 15 <= int(shown[2]) <= 25
        assert 'id="cmd-file_distribution_objection"' in page

        for command in (
            {
                "type": "file_distribution_objection",
                "distribution_id": plan_id,
                "objector_id": "C2",
                "against_payout_id": a1_line,
                "disputed_fen": 2_000_000,
                "filed_on": today,
                "notified_on": today,
                "reason": "利息计算有误",
            },
            {
                "type": "record_counter_opinion",
                "distribution_id": plan_id,
                "opposed_by": ["A1"],
                "filed_on": today,
                "notified_on": today,
            },
        ):
            await act(officer, number, command)
        page = (await officer.get(f"/cases/{quote(number)}")).text
        assert re.search(r"起诉期至 \d{4}-\d{2}-\d{2}（剩 \d+ 天）", page)
        sued = await act(
            officer,
            number,
            {
                "type": "record_distribution_suit",
                "distribution_id": plan_id,
                "filed_on": today,
                "suit_case_number": "(2026)京0105民初777号",
            },
        )
        assert sued["amounts"]["escrowed_fen"] == 2_000_000
        await recorded(stack.pool, number, sued["last_seq"])
        page = (await officer.get(f"/cases/{quote(number)}")).text
        assert 'id="escrowed"' in page and "提存 20,000.00 元" in page
        assert "异议之诉审理中" in page and "起诉期至" not in page
        ledger = page.split('id="ledger"', 1)[1].split("</table>", 1)[0]
        assert '<td>提存</td><td class="num">20,000.00</td>' in ledger

"""Demo cases that `zhixing dev` files on a fresh data directory (made-up parties, real shapes).

All demo data is the one list `demo_cases()` returns: (file_case command, [commands]). Each case
is filed on today's date in Asia/Shanghai; its commands go through the `execute` update as the
case's officer. A case already filed is skipped; a rejected command is logged and skipped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError

from workers.config import Settings
from workers.logging import case_context, get_logger

log = get_logger("zhixing.demo")

SHANGHAI = ZoneInfo("Asia/Shanghai")

DemoCase = tuple[dict[str, Any], list[dict[str, Any]]]


def today_in_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def demo_cases(today: date | None = None) -> list[DemoCase]:
    day = today or today_in_shanghai()
    y, d = day.year, day.isoformat()
    return [
        (
            {
                "type": "file_case",
                "case_number": f"({y})京0105执1001号",
                "court_code": "京0105",
                "filed_on": d,
                "basis": {"kind": "judgment", "document_no": f"({y - 1})京0105民初5678号"},
                "applicants": [{"party_id": "A1", "name": "张三", "kind": "person"}],
                "respondents": [
                    {"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}
                ],
                "principal_fen": 100_000_000,
                "other_fen": 1_250_000,
                "officer_id": "u-officer-1",
                "judge_id": "u-judge-1",
            },
            [
                {"type": "issue_notice", "method": "electronic"},
                {"type": "request_asset_search", "scope": "network"},
                {
                    "type": "record_asset_found",
                    "asset": {
                        "asset_id": "AS-1",
                        "kind": "bank_deposit",
                        "description": "基本存款账户 ****6021",
                        "owner_party_id": "R1",
                        "value_fen": 38_000_000,
                        "holder": "中国工商银行北京朝阳支行",
                    },
                },
                {
                    "type": "freeze_asset",
                    "asset_id": "AS-1",
                    "measure": "freeze",
                    "period_days": 365,
                    "amount_fen": 38_000_000,
                },
            ],
        ),
        (
            {
                "type": "file_case",
                "case_number": f"({y})沪0115执2002号",
                "court_code": "沪0115",
                "filed_on": d,
                "basis": {"kind": "mediation", "document_no": f"({y - 1})沪0115民初3321号"},
                "applicants": [{"party_id": "A1", "name": "李四", "kind": "person"}],
                "respondents": [{"party_id": "R1", "name": "王五", "kind": "person"}],
                "principal_fen": 8_600_000,
                "officer_id": "u-officer-2",
                "judge_id": "u-judge-2",
            },
            [
                {"type": "issue_notice", "method": "postal"},
                {
                    "type": "impose_measure",
                    "measure": "consumption_restriction",
                    "party_id": "R1",
                    "note": "未按执行通知履行 / did not comply with the notice",
                },
            ],
        ),
        (
            {
                "type": "file_case",
                "case_number": f"({y})粤0305执3003号",
                "court_code": "粤0305",
                "filed_on": d,
                "basis": {
                    "kind": "arbitral_award",
                    "document_no": f"({y - 1})深仲裁字第0456号",
                },
                "applicants": [
                    {"party_id": "A1", "name": "深圳市某某供应链管理有限公司", "kind": "company"}
                ],
                "respondents": [
                    {"party_id": "R1", "name": "广州某某贸易有限公司", "kind": "company"},
                    {"party_id": "R2", "name": "赵六", "kind": "person"},
                ],
                "principal_fen": 452_300_000,
                "other_fen": 8_000_000,
                "officer_id": "u-officer-3",
                "judge_id": "u-judge-3",
            },
            [
                {"type": "issue_notice", "method": "electronic"},
                {"type": "request_asset_search", "scope": "network"},
                {
                    "type": "record_asset_found",
                    "asset": {
                        "asset_id": "AS-1",
                        "kind": "real_estate",
                        "description": "深圳市南山区某某花园3栋1202房",
                        "owner_party_id": "R2",
                        "holder": "深圳市不动产登记中心",
                    },
                },
                {
                    "type": "freeze_asset",
                    "asset_id": "AS-1",
                    "measure": "seal",
                    "period_days": 1095,
                },
            ],
        ),
        (
            {
                "type": "file_case",
                "case_number": f"({y})浙0106执4004号",
                "court_code": "浙0106",
                "filed_on": d,
                "basis": {
                    "kind": "notarized_debt",
                    "document_no": f"({y - 1})浙杭西证执字第112号",
                },
                "applicants": [{"party_id": "A1", "name": "钱七", "kind": "person"}],
                "respondents": [{"party_id": "R1", "name": "孙八", "kind": "person"}],
                "principal_fen": 1_200_000,
                "officer_id": "u-officer-4",
            },
            [
                {"type": "issue_notice", "method": "direct"},
                {
                    "type": "register_property_lead",
                    "lead_id": "L-1",
                    "description": "申请人称被执行人名下有一辆浙A牌照小型轿车",
                    "urgent": True,
                },
            ],
        ),
        (
            {
                "type": "file_case",
                "case_number": f"({y})川0107执5005号",
                "court_code": "川0107",
                "filed_on": d,
                "basis": {"kind": "judgment", "document_no": f"({y - 1})川0107民初9012号"},
                "applicants": [
                    {"party_id": "A1", "name": "周九", "kind": "person"},
                    {"party_id": "A2", "name": "吴十", "kind": "person"},
                ],
                "respondents": [
                    {"party_id": "R1", "name": "成都某某建筑工程有限公司", "kind": "company"}
                ],
                "principal_fen": 27_500_000,
                "officer_id": "u-officer-5",
                "judge_id": "u-judge-5",
            },
            [],
        ),
    ]


async def file_demo_cases(
    client: Client, settings: Settings, today: date | None = None
) -> list[str]:
    """File the demo cases that are not filed yet; returns the case numbers (all of them)."""
    from domain.commands import Actor, Envelope, FileCase
    from workers.client import execute, start_case

    numbers: list[str] = []
    for file_case_json, commands in demo_cases(today):
        file_case = FileCase.model_validate(file_case_json)
        number = file_case.case_number
        numbers.append(number)
        with case_context(case_number=number):
            try:
                await start_case(client, settings, file_case)
            except WorkflowAlreadyStartedError:
                log.info("demo case already filed; skipped")
                continue
            log.info("demo case filed")
            actor = Actor(
                user_id=file_case.officer_id, role="officer", court_code=file_case.court_code
            )
            for index, command in enumerate(commands, start=1):
                request_id = f"demo:{number}:{index}"
                try:
                    envelope = Envelope.model_validate(
                        {"request_id": request_id, "actor": actor, "command": command}
                    )
                    await execute(client, number, envelope)
                except ValidationError as exc:
                    log.warning(
                        "demo command malformed; skipped",
                        command=command["type"],
                        errors=exc.errors(include_url=False),
                    )
                except WorkflowUpdateFailedError as exc:
                    cause = exc.cause
                    reason = (
                        cause.details[0]
                        if isinstance(cause, ApplicationError) and cause.details
                        else str(cause)
                    )
                    log.warning(
                        "demo command rejected; skipped", command=command["type"], reason=reason
                    )
                else:
                    log.info("demo command applied", command=command["type"])
    return numbers

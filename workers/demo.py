"""Demo cases that `zhixing dev` files on a fresh data directory (made-up parties, real shapes).

All demo data is the one list `demo_cases()` returns: (file_case command, [commands]). Each case
is filed on today's date in Asia/Shanghai; its commands go through the `execute` update as the
case's officer. A case already filed is skipped; a rejected command is logged and skipped.
After the hand-written stories come the generated cases (workers/demo_generated.py: a few dozen
across 京 and 沪 courts in every stage, made as the training sandbox makes its cases).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError

from domain.commands import Actor, Envelope, FastTrackRule, FileCase
from domain.courts import CourtRegistry
from domain.entrustment import with_receiving_chain
from domain.events import Event
from domain.filing import under_current_rules
from runtime.logging import case_context, get_logger
from runtime.settings import Settings
from workers.demo_generated import generated_cases

log = get_logger("zhixing.demo")

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A demo command is the officer's, or (role, command) for one another role issues: the president
# signs a consumption restriction order (限消规定 art. 4).
DemoStep = dict[str, Any] | tuple[str, dict[str, Any]]
DemoCase = tuple[dict[str, Any], list[DemoStep]]

# Demo logins for the web UI (`zhixing dev` prints them): a basic court's officer, judge,
# bureau head, vice-president and president (who sign consumption restriction orders and approve
# time-limit extensions), and supervisors of the intermediate courts above 京0105 (京03) and
# 京0108 (京01) and of the high court. Made-up people.
DEMO_PASSWORD = "demo1234"
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    # user_id, display name, role, court
    ("u-officer-1", "刘承办", "officer", "京0105"),
    ("u-judge-1", "陈法官", "judge", "京0105"),
    ("u-head-1", "杨局长", "bureau_head", "京0105"),
    ("u-vp-1", "赵副院长", "vice_president", "京0105"),
    ("u-president-1", "周院长", "president", "京0105"),
    ("u-officer-0108", "黄承办", "officer", "京0108"),
    ("u-sup-jing03", "王督办（北京三中院）", "supervisor", "京03"),
    ("u-sup-jing01", "林督办（北京一中院）", "supervisor", "京01"),
    ("u-sup-jing", "郑督办（北京高院）", "supervisor", "京"),
)


async def create_demo_users(pool: Any) -> list[tuple[str, str, str, str]]:
    """Create (or reset) the demo users; returns them for the banner."""
    from web.auth import upsert_user

    for user_id, name, role, court in DEMO_USERS:
        await upsert_user(pool, user_id, name, role, court, DEMO_PASSWORD)
    return list(DEMO_USERS)


# 繁简分流 of the demo: 京0108 puts small cases (at most ¥20,000) and cases whose deposits are
# frozen in full on a 45-day target. A court's own choice (DOMAIN-2 `fast_track.target` ✘).
DEMO_FAST_TRACK = {
    "京0108": FastTrackRule(target_days=45, max_due_fen=2_000_000, deposits_cover=True),
}


async def configure_demo_courts(pool: Any) -> None:
    """The demo courts' own settings (their 繁简分流 rules)."""
    from store.courts import set_fast_track_rule

    for court, rule in DEMO_FAST_TRACK.items():
        await set_fast_track_rule(pool, court, rule)


def _beijing_case(
    year: int,
    court: str,
    seq: int,
    filed_on: date,
    officer: str,
    respondent: str,
    principal_fen: int = 356_000_000,
) -> dict[str, Any]:
    return {
        "type": "file_case",
        "case_number": f"({year}){court}执{seq}号",
        "court_code": court,
        "filed_on": filed_on.isoformat(),
        "basis": {"kind": "judgment", "document_no": f"({year - 1}){court}民初{seq + 3000}号"},
        "applicants": [{"party_id": "A1", "name": "北京某某银行股份有限公司", "kind": "company"}],
        "respondents": [{"party_id": "R1", "name": respondent, "kind": "company"}],
        "principal_fen": principal_fen,
        "other_fen": 4_210_000 if principal_fen > 10_000_000 else 0,
        "officer_id": officer,
        "judge_id": "u-judge-1" if court == "京0105" else None,
    }


def today_in_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def demo_cases(today: date | None = None) -> list[DemoCase]:
    day = today or today_in_shanghai()
    y, d = day.year, day.isoformat()
    weeks_ago = day - timedelta(days=40)
    return [
        # 京0105: an overdue case (filed 40 days ago, no notice yet: escalated)
        (
            _beijing_case(y, "京0105", 1002, weeks_ago, "u-officer-1", "北京某某餐饮管理有限公司"),
            [],
        ),
        # 京0105: in disposal — a sealed flat with its reference price, ready for auction
        (
            _beijing_case(y, "京0105", 1003, day, "u-officer-1", "北京某某置业有限公司"),
            [
                {"type": "issue_notice", "method": "electronic"},
                {
                    "type": "record_asset_found",
                    "asset": {
                        "asset_id": "AS-1",
                        "kind": "real_estate",
                        "description": "北京市朝阳区某某路8号院2号楼1单元601",
                        "owner_party_id": "R1",
                        "value_fen": 520_000_000,
                        "holder": "北京市朝阳区不动产登记中心",
                    },
                },
                {
                    "type": "freeze_asset",
                    "asset_id": "AS-1",
                    "measure": "seal",
                    "period_days": 1095,
                },
                {"type": "confirm_freeze", "asset_id": "AS-1", "effective_on": d},
                {"type": "start_valuation", "asset_id": "AS-1", "method": "appraisal"},
                {
                    "type": "record_valuation",
                    "asset_id": "AS-1",
                    "reference_price_fen": 480_000_000,
                    "received_on": d,
                },
            ],
        ),
        # overdue in courts under other intermediate courts: 京0108 (海淀, under 京01) and
        # 京0106 (丰台, under 京02); 京0105 (朝阳) is under 京03
        (_beijing_case(y, "京0108", 1004, weeks_ago, "u-officer-0108", "北京某某物流有限公司"), []),
        (_beijing_case(y, "京0106", 1005, weeks_ago, "u-officer-0106", "北京某某建材有限公司"), []),
        # 京0108: a small case (¥12,000) on the court's fast track (45 days)
        (
            _beijing_case(
                y, "京0108", 1006, day, "u-officer-0108", "北京某某快递服务部", 1_200_000
            ),
            [{"type": "issue_notice", "method": "electronic"}],
        ),
        # 京0105: entrusted to 沪0115 (委托执行): the respondent's property is in Shanghai; the
        # simulated filing desk dockets it there, and this case closes as 销案
        (
            _beijing_case(y, "京0105", 1007, day, "u-officer-1", "北京某某贸易有限公司"),
            [
                {"type": "issue_notice", "method": "electronic"},
                {
                    "type": "entrust_case",
                    "receiving_court_code": "沪0115",
                    "reason": "被执行人在本辖区无财产，其房产与存款均在上海市浦东新区",
                },
            ],
        ),
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
                (
                    "president",
                    {
                        "type": "impose_measure",
                        "measure": "consumption_restriction",
                        "party_id": "R1",
                        "note": "未按执行通知履行 / did not comply with the notice",
                    },
                ),
                # 事项委托: the respondent's deposit is in Beijing; 海淀 (京0108) is asked to
                # freeze it, and its officer answers from 我的案件 → 协助事项
                {
                    "type": "record_asset_found",
                    "asset": {
                        "asset_id": "AS-BJ",
                        "kind": "bank_deposit",
                        "description": "个人储蓄账户 ****3388",
                        "owner_party_id": "R1",
                        "value_fen": 9_000_000,
                        "holder": "中国银行北京海淀支行",
                    },
                },
                {
                    "type": "entrust_task",
                    "task_id": "T-1",
                    "helping_court_code": "京0108",
                    "kind": "freeze",
                    "instructions": "请协助冻结被执行人王五在中国银行北京海淀支行的存款",
                    "asset_id": "AS-BJ",
                    "measure": "freeze",
                    "period_days": 365,
                    "amount_fen": 8_600_000,
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
        *generated_cases(day, DEMO_FAST_TRACK),
    ]


def demo_filing(file_case_json: dict[str, Any], courts: CourtRegistry) -> FileCase:
    """A demo case's filing as the court files it: under the current rules, its court chain from
    ``courts``, the demo's fast track for its court."""
    return under_current_rules(
        FileCase.model_validate(file_case_json),
        courts,
        DEMO_FAST_TRACK.get(file_case_json["court_code"]),
    )


def demo_command(step: DemoStep) -> dict[str, Any]:
    """The command of a demo step (the officer's, or another role's)."""
    return step[1] if isinstance(step, tuple) else step


def demo_envelope(
    filing: FileCase, request_id: str, step: DemoStep, courts: CourtRegistry
) -> Envelope:
    """One demo step as the case receives it: sent by the case's officer, or by ``demo-<role>``
    for another role's; an entrustment carries its receiving court's chain from ``courts``. A
    malformed command raises ValidationError."""
    role = step[0] if isinstance(step, tuple) else "officer"
    user_id = filing.officer_id if role == "officer" else f"demo-{role}"
    actor = Actor(user_id=user_id, role=role, court_code=filing.court_code)
    envelope = Envelope.model_validate(
        {"request_id": request_id, "actor": actor, "command": demo_command(step)}
    )
    return envelope.model_copy(update={"command": with_receiving_chain(envelope.command, courts)})


# What a rule names by the seq of the event that creates it (a search S<seq>, a petition
# P<seq>, a 督办 SV<seq>, …), and the simulated assets named after their search
# (activities/simulation.py).
_SEQ_NAME = re.compile(r"^(S|P|SV|M|D|AU|O|X)(\d+)$")
_SIMULATED_ASSET = re.compile(r"^SIM-(S\d+)-(.*)$")


def live_names(events: list[Event]) -> dict[str, str]:
    """The names the demo's play gave what the case's events created, and the names the case
    gave them. The generated cases are played on the rules alone (workers/demo_generated.py),
    without the writ office, whose answers (``writ_issued``) come into the case on their own
    time: every event after one has a seq higher by one than in the play, and so has the
    name of what it creates."""
    names: dict[str, str] = {}
    writs = 0
    for event in events:
        if event.type == "writ_issued":
            writs += 1
            continue
        for key, value in event.model_dump(mode="json").items():
            match = (
                _SEQ_NAME.match(value) if key.endswith("_id") and isinstance(value, str) else None
            )
            if writs and match and int(match.group(2)) == event.seq:
                names[f"{match.group(1)}{event.seq - writs}"] = value
    return names


def renamed(value: Any, names: dict[str, str]) -> Any:
    """A demo step (or any part of it) with the play's names of created things replaced by the
    case's."""
    if isinstance(value, str):
        asset = _SIMULATED_ASSET.match(value)
        if asset is not None and asset.group(1) in names:
            return f"SIM-{names[asset.group(1)]}-{asset.group(2)}"
        return names.get(value, value)
    if isinstance(value, dict):
        return {key: renamed(item, names) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(renamed(item, names) for item in value)
    return value


async def file_demo_cases(
    client: Client, settings: Settings, courts: CourtRegistry, now: datetime | None = None
) -> list[str]:
    """File the demo cases that are not filed yet (under the current rules, their court chains
    from ``courts``); returns the case numbers (all of them). ``now``: the server's clock when
    it is not the wall clock's (a time-skipping test server)."""
    from runtime.client import case_handle, execute, held_events, start_case
    from runtime.contract import QUERY_SNAPSHOT

    numbers: list[str] = []
    today = now.astimezone(SHANGHAI).date() if now is not None else None
    for file_case_json, commands in demo_cases(today):
        file_case = demo_filing(file_case_json, courts)
        number = file_case.case_number
        numbers.append(number)
        with case_context(case_number=number):
            try:
                await start_case(client, settings, file_case, now)
            except WorkflowAlreadyStartedError:
                log.info("demo case already filed; skipped")
                continue
            log.info("demo case filed")
            # Its first workflow task has run the clock (a case filed weeks ago escalates at
            # once) before the first command: the events are numbered as the demo was made.
            await case_handle(client, number).query(QUERY_SNAPSHOT)
            for index, step in enumerate(commands, start=1):
                kind = demo_command(step)["type"]
                names = live_names(await held_events(client, number))
                named = renamed(step, names)
                if named != step:
                    log.info("demo command renamed", command=kind, names=names)
                    step = named
                try:
                    envelope = demo_envelope(file_case, f"demo:{number}:{index}", step, courts)
                    answer = await execute(client, number, envelope)
                except ValidationError as exc:
                    log.warning(
                        "demo command malformed; skipped",
                        command=kind,
                        errors=exc.errors(include_url=False),
                    )
                except WorkflowUpdateFailedError as exc:
                    cause = exc.cause
                    reason = (
                        cause.details[0]
                        if isinstance(cause, ApplicationError) and cause.details
                        else str(cause)
                    )
                    log.warning("demo command rejected; skipped", command=kind, reason=reason)
                else:
                    log.info(
                        "demo command applied",
                        command=kind,
                        first_seq=answer.first_seq,
                        last_seq=answer.last_seq,
                    )
    return numbers

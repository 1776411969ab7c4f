"""Chinese labels for the pages: commands, stages, states, fields (display only, no rules)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.labels import (
    ASSET_KIND_ZH,
    AUCTION_OUTCOME_ZH,
    BASIS_ZH,
    CONTROL_STATE_ZH,
    DEADLINE_STATE_ZH,
    DELETION_REASON_ZH,
    DISHONEST_GROUND_ZH,
    DISPOSITION_ZH,
    DISPUTE_ZH,
    DISTRIBUTION_OUTCOME_ZH,
    ESCALATION_ZH,
    EVENT_ZH,
    EXCLUSION_KIND_ZH,
    LEDGER_KIND_ZH,
    MEASURE_ZH,
    OBJECTION_KIND_ZH,
    OBJECTION_OUTCOME_ZH,
    OBJECTION_STATE_ZH,
    PARTY_KIND_ZH,
    RECONSIDERATION_OUTCOME_ZH,
    ROLE_ZH,
    STAGE_ZH,
    STATUS_ZH,
    SUIT_JUDGMENT_ZH,
    TASK_KIND_ZH,
    VALUATION_GROUND_ZH,
    VALUATION_METHOD_ZH,
)
from domain.money import format_yuan
from domain.registry import COMMANDS
from domain.state import Distribution

SHANGHAI = ZoneInfo("Asia/Shanghai")

# the commands' labels are their registry entries' (domain/registry.py); filing is the start input
COMMAND_ZH: dict[str, str] = {
    "file_case": "立案",
    **{command_type: spec.label_zh for command_type, spec in COMMANDS.items()},
}

# option values of Literal fields -> Chinese (form selects)
OPTION_ZH: dict[str, str] = {
    **TASK_KIND_ZH,  # its "freeze" (控制财产) yields to the measure's (冻结)
    **MEASURE_ZH,
    **ASSET_KIND_ZH,
    **PARTY_KIND_ZH,
    "electronic": "电子送达",
    "postal": "邮寄送达",
    "direct": "直接送达",
    "publication": "公告送达",
    "network": "网络查控",
    "on_site": "现场调查",
    "consumption_restriction": "限制消费令",
    "dishonest_list": "失信被执行人名单",
    "fine": "罚款",
    "detention": "拘留",
    "exit_ban": "限制出境",
    **VALUATION_METHOD_ZH,
    "sold": "成交",
    "failed": "流拍／未成交",
    "buyer_default": "悔拍",
    "auction": "拍卖",
    "sale": "变卖",
    "voluntary": "自动履行",
    "fully_enforced": "执行完毕",
    "withdrawn": "撤回申请",
    "terminated": "终结执行",
    "accepted": "受理",
    "rejected": "不予受理",
    "declared_bankrupt": "宣告破产",
    "done": "已办理",
    "refused": "不予办理",
    "entrusted": "销案（委托执行）",
    "criminal_referral": "移送追究刑事责任",
    **DISHONEST_GROUND_ZH,
    **EXCLUSION_KIND_ZH,
    **DELETION_REASON_ZH,
    **OBJECTION_KIND_ZH,
    **RECONSIDERATION_OUTCOME_ZH,
    **SUIT_JUDGMENT_ZH,
    **VALUATION_GROUND_ZH,
    "upheld": "异议成立",
    "not_accepted": "不予受理",
    # a command's own label of an option ("command.field:value") comes first
    "rule_on_objection.outcome:rejected": "驳回异议",
    "approve_sanction.decision:approved": "批准",
    "approve_sanction.decision:released": "解除拘留",
    "record_sanction_review.outcome:upheld": "维持",
    "record_sanction_review.outcome:revoked": "撤销",
    "standard": "参照标准",
    "method": "计算方法",
    "result": "评估（询价）结果",
}

FIELD_ZH: dict[str, str] = {
    "asset_id": "财产编号",
    "measure": "措施",
    "period_days": "期限（天）",
    "amount_fen": "金额（元）",
    "effective_on": "生效日期",
    "frozen_fen": "实际冻结金额（元）",
    "reason": "理由",
    "method": "方式",
    "document_id": "文书编号",
    "served_on": "送达日期",
    "party_id": "当事人",
    "reported_on": "报告日期",
    "summary": "内容摘要",
    "days": "天数",
    "note": "备注",
    "scope": "范围",
    "search_id": "查控编号",
    "findings": "查控结果（JSON 列表）",
    "lead_id": "线索编号",
    "description": "描述",
    "urgent": "紧急",
    "found": "发现财产",
    "kind": "种类",
    "owner_party_id": "权属人",
    "value_fen": "价值（元）",
    "holder": "登记／存管机构",
    "high_court_approval_no": "高院批准文号（仅第 1 版规则的案件；再次延长现报高院备案）",
    # a command's own label of a field comes first
    "impose_measure.grounds": "失信事由（《失信规定》第一条）",
    "begin_excluded_period.kind": "不计入执行期限的期间（《审限规定》第九条）",
    "begin_excluded_period.agency": "审计、资产清理机构",
    "delete_dishonest_listing.reason": "删除事由（《失信规定》第十条）",
    "extra_years": "延长年限（暴力、威胁妨碍执行情节严重或多项失信行为：1–3 年）",
    "birth_date": "出生日期（自然人，立案未登记时填写）",
    "measure_id": "措施编号",
    "period_id": "期间编号",
    "ordering_court_code": "通知暂缓执行的上级法院代码",
    "document_no": "委托书／通知书文号",
    "resumed_case_number": "执恢案号",
    "outcome": "结果",
    "agency": "机构",
    "reference_price_fen": "参考价（元）",
    "received_on": "收到日期",
    "filed_on": "提出日期",
    "grounds": "理由",
    "start_price_fen": "起拍价（元）",
    "deposit_fen": "保证金（元）",
    "bidding_starts_on": "竞价开始日期",
    "bidding_hours": "竞价时长（小时）",
    "auction_id": "拍卖编号",
    "price_fen": "价格（元）",
    "buyer": "买受人",
    "applicant_id": "申请执行人",
    "source": "来源",
    "claims": "分配方案（JSON 列表）",
    "payout_id": "发放编号",
    "reference": "凭证号",
    "installments": "分期计划（JSON 列表）",
    "index": "期次",
    "paid_on": "履行日期",
    "respondent_id": "被执行人",
    "consenting_party_id": "同意移送的当事人",
    "decision": "结果",
    "decided_on": "决定日期",
    "task_id": "委托事项编号",
    "helping_court_code": "受托法院代码",
    "instructions": "委托事项说明",
    "working_days": "答复期限（工作日，无全国统一规定，默认10）",
    "done_on": "办理完成日期",
    "receiving_court_code": "受托／受理法院代码（如 沪0115）",
    "receiving_case_number": "受托法院案号",
    "docketed_on": "立案日期",
    "means": "查找方式",
    "located": "已查找到下落",
    "obstructor": "妨害执行人",
    "obstruction_id": "妨害执行编号",
    "sanction": "处理措施",
    "decision_no": "决定书／移送函文号",
    "informed": "告知内容（执行情况、财产调查、终本依据及后果）",
    "opinion": "意见",
    "members": "合议庭成员（JSON 列表，审判长在前）",
    "agreed": "同意终本",
    "qualified": "合格",
    "reasons": "评查意见",
    # contested distributions and queued seals (domain/distribution.py, domain/control.py)
    "distribution_id": "分配方案编号",
    "objector_id": "异议人",
    "against_payout_id": "异议针对的分配项",
    "disputed_fen": "争议金额（元）",
    "notified_on": "通知送达日期",
    "opposed_by": "提出反对意见的债权人／被执行人（JSON 列表）",
    "suit_case_number": "异议之诉案号",
    "awarded_fen": "判决支持异议人的金额（元）",
    "judged_on": "判决生效日期",
    "record_distribution_judgment.document_no": "判决书文号",
    "creditor": "申请参与分配的债权人",
    "name": "姓名／名称",
    "basis": "执行依据",
    "owed_fen": "债权金额（元）",
    "secured": "对查封财产享有优先权、担保物权",
    "applied_on": "申请日期",
    "prior_court_code": "首先查封法院代码",
    "prior_sealed_on": "首封日期",
    "position": "轮候顺位（前面的查封数）",
    "queued_on": "轮候登记日期",
    "released_on": "首封解除日期",
    # 执行异议 (domain/objections.py)
    "objection_id": "异议编号",
    "objector": "异议人",
    "file_objection.kind": "异议种类",
    "file_objection.received_on": "收到书面异议日期",
    "file_objection.asset_id": "执行标的（案外人异议必填）",
    "valuation_ground": "对参考价的异议事由（参考价规定第22条，按执行行为异议审查）",
    "register_objection.accepted": "立案受理（不勾选即不予受理）",
    "register_objection.reason": "不予受理的理由",
    "rule_on_objection.outcome": "裁定结果",
    "rule_on_objection.served_on": "裁定送达日期",
    "rule_on_objection.reasons": "裁定理由",
    "applicant": "复议申请人",
    "apply_for_reconsideration.applied_on": "收到复议申请日期",
    "extend_reconsideration.days": "延长天数（不超过三十日）",
    "approval_no": "上一级法院院长批准文号",
    "record_reconsideration_decision.outcome": "复议结果",
    "record_reconsideration_decision.reasons": "复议决定理由",
    "record_objection_suit.filed_on": "起诉日期",
    "record_objection_suit.suit_case_number": "执行异议之诉案号",
    "judgment": "判决结果",
    "record_suit_judgment.judged_on": "判决生效日期",
    "act": "妨害执行行为（罚款、拘留须写明；同一行为不得连续罚款、拘留）",
    "emergency": "紧急情况先行拘留（事后报院长补办批准）",
    "sanction_id": "罚款／拘留决定编号",
    "approve_sanction.decision": "院长意见",
    "apply_for_sanction_review.received_on": "收到决定书日期",
    "apply_for_sanction_review.grounds": "复议理由",
    "difference_days": "补交差价期间（天，抵债价高于债权时由法院指定，默认15）",
    "pay_in_kind_difference.amount_fen": "补交差价金额（元）",
    "about": "异议事项（基础数据、范围、资质、程序问题请按执行行为异议提出）",
    "forwarded_on": "转交日期",
}


def role_zh(role: str) -> str:
    return ROLE_ZH.get(role, role)


def status_zh(status: str) -> str:
    return STATUS_ZH.get(status, status)


def rule_zh(rule_id: str) -> str:
    from domain.deadlines import RULES

    rule = RULES.get(rule_id)
    return rule.obligation_zh if rule is not None else rule_id


def yuan(fen: Any) -> str:
    """An amount in fen for people ('1,234.56'); '—' when there is none."""
    return format_yuan(fen) if isinstance(fen, int) else "—"


def local(dt: datetime | str | None) -> str:
    if dt is None:
        return "—"
    if isinstance(dt, str):
        dt = datetime.fromisoformat(dt)
    return dt.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def countdown(due: datetime | None, now: datetime) -> str:
    """剩 3 天 5 小时 / 超期 2 天."""
    if due is None:
        return "—"
    seconds = int((due - now).total_seconds())
    days, rem = divmod(abs(seconds), 86400)
    hours = rem // 3600
    text = f"{days} 天 {hours} 小时" if days else f"{hours} 小时"
    return f"剩 {text}" if seconds >= 0 else f"超期 {text}"


def today() -> date:
    return datetime.now(SHANGHAI).date()


# the party window a plan waits on, by where it stands (domain/distribution.py)
PLAN_WINDOWS = {
    "objection_window": ("异议期", "objection_until"),
    "counter_window": ("反对意见期", "counter_until"),
    "suit_window": ("起诉期", "suit_until"),
}


def plan_window(plan: Distribution, on: date) -> str:
    """异议期至 2026-05-06（剩 3 天）: the window a contested plan waits on, counting down to
    its last day (the parties' own: it ends with that day). Empty when it waits on none."""
    window = PLAN_WINDOWS.get(plan.dispute)
    if window is None:
        return ""
    name, attribute = window
    until: date = getattr(plan, attribute)
    days = (until - on).days
    left = f"剩 {days} 天" if days > 0 else "今日届满" if days == 0 else "已届满"
    return f"{name}至 {until}（{left}）"


def filters() -> dict[str, Any]:
    return {
        "yuan": yuan,
        "local": local,
        "stage_zh": lambda s: STAGE_ZH.get(s, s),
        "status_zh": status_zh,
        "role_zh": role_zh,
        "rule_zh": rule_zh,
        "command_zh": lambda t: COMMAND_ZH.get(t, t),
        "deadline_state_zh": lambda s: DEADLINE_STATE_ZH.get(s, s),
        "escalation_zh": lambda n: ESCALATION_ZH.get(n, f"{n} 级"),
        "asset_kind_zh": lambda k: ASSET_KIND_ZH.get(k, k),
        "control_state_zh": lambda s: CONTROL_STATE_ZH.get(s, s),
        "measure_zh": lambda m: MEASURE_ZH.get(m, m),
        "option_list_zh": lambda values: "、".join(OPTION_ZH.get(v, v) for v in values),
        "disposition_zh": lambda d: DISPOSITION_ZH.get(d, d),
        "auction_outcome_zh": lambda o: AUCTION_OUTCOME_ZH.get(o, o),
        "ledger_kind_zh": lambda k: LEDGER_KIND_ZH.get(k, k),
        "party_kind_zh": lambda k: PARTY_KIND_ZH.get(k, k),
        "basis_zh": lambda k: BASIS_ZH.get(k, k),
        "event_zh": lambda t: EVENT_ZH.get(t, t),
        "option_zh": lambda v: OPTION_ZH.get(str(v), str(v)),
        "dispute_zh": lambda d: DISPUTE_ZH.get(d, d),
        "distribution_outcome_zh": lambda o: DISTRIBUTION_OUTCOME_ZH.get(o, o),
        "objection_kind_zh": lambda k: OBJECTION_KIND_ZH.get(k, k),
        "objection_state_zh": lambda k: OBJECTION_STATE_ZH.get(k, k),
        "objection_outcome_zh": lambda k: OBJECTION_OUTCOME_ZH.get(k, k),
        "reconsideration_outcome_zh": lambda k: RECONSIDERATION_OUTCOME_ZH.get(k, k),
        "suit_judgment_zh": lambda k: SUIT_JUDGMENT_ZH.get(k, k),
    }

"""Node deadlines (节点期限): one table, each row citing its legal source.

A rule says how a due date is computed from its trigger date, who answers for it and how it
escalates. Due dates are computed once, in ``decide``, and recorded in the event that opens the
obligation; replaying events never recomputes them.

Marks on sources follow DOMAIN.md: "✔" checked against the text, "◐" found only in a secondary
or local source, "✘" a common figure not yet checked (configurable, flagged in the UI).
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from domain.calendar import CourtCalendar, DueDate

PeriodUnit = Literal["days", "working_days", "months"]
Checked = Literal["✔", "◐", "✘"]


@dataclass(frozen=True)
class EscalationStep:
    level: int
    days_after_due: int
    notify_role: str  # who is told at this level
    label_zh: str


@dataclass(frozen=True)
class EscalationLadder:
    """Warning before due, then level by level after it (DOMAIN.md "Escalation ladder")."""

    warning_days_before: int
    steps: tuple[EscalationStep, ...]

    def step(self, level: int) -> EscalationStep:
        return self.steps[level - 1]


DEFAULT_LADDER = EscalationLadder(
    warning_days_before=3,
    steps=(
        EscalationStep(1, 0, "officer", "承办人"),
        EscalationStep(2, 3, "bureau_head", "执行局长"),
        EscalationStep(3, 10, "higher_court", "上级法院执行指挥中心"),
    ),
)
# A freeze that lapses lets the respondent move the money: warn two weeks ahead so the bank
# or registry has time to carry out the renewal (续行冻结).
FREEZE_LADDER = EscalationLadder(warning_days_before=15, steps=DEFAULT_LADDER.steps)


@dataclass(frozen=True)
class DeadlineRule:
    rule_id: str
    obligation_zh: str
    obligation_en: str
    amount: int
    unit: PeriodUnit
    responsible_role: str
    source: str
    checked: Checked
    ladder: EscalationLadder = DEFAULT_LADDER
    # Suspension (中止执行) stops the clock of procedural deadlines; the lapse of a freeze and
    # the dormant re-search run on regardless.
    pauses_when_suspended: bool = True

    def due(self, calendar: CourtCalendar, trigger: date, amount: int | None = None) -> DueDate:
        n = self.amount if amount is None else amount
        if self.unit == "months":
            return calendar.months_after(trigger, n)
        if self.unit == "working_days":
            return calendar.working_days_after(trigger, n)
        return calendar.days_after(trigger, n)


_RULES = (
    DeadlineRule(
        "case.time_limit",
        "执行期限",
        "conclude the case",
        6,
        "months",
        "officer",
        "《关于严格执行案件审理期限制度的若干规定》第5、9条；《关于人民法院办理执行案件若干期限的规定》第1条",
        "✔",
    ),
    DeadlineRule(
        "notice.issue",
        "发出执行通知书和报告财产令",
        "send the enforcement notice and the property report order",
        10,
        "days",
        "officer",
        "《民诉法解释》第480条；《关于民事执行中财产调查若干问题的规定》第2条",
        "✔",
    ),
    DeadlineRule(
        "assets.search",
        "发起网络查控",
        "start the network asset search",
        5,
        "days",
        "officer",
        "焦作中院执行节点管理规定（地方规则，可配置）",
        "◐",
    ),
    DeadlineRule(
        "assets.investigation",
        "完成财产调查",
        "finish the asset investigation",
        1,
        "months",
        "officer",
        "《关于人民法院办理执行案件若干期限的规定》（2006）第6条",
        "◐",
    ),
    DeadlineRule(
        "assets.lead_check",
        "核查申请执行人提供的财产线索",
        "check a property lead from the applicant",
        7,
        "days",
        "officer",
        "《关于民事执行中财产调查若干问题的规定》第3条",
        "✔",
    ),
    DeadlineRule(
        "freeze.expiry",
        "控制措施到期前续行或解除",
        "renew or release before the measure lapses",
        0,
        "days",
        "officer",
        "《民诉法解释》第485条",
        "✔",
        ladder=FREEZE_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "dormant.requery",
        "终本后每六个月网络查控",
        "re-run the network search after 终本",
        6,
        "months",
        "system",
        "《关于严格规范终结本次执行程序的规定（试行）》第9条",
        "✔",
        pauses_when_suspended=False,
    ),
)

RULES: dict[str, DeadlineRule] = {rule.rule_id: rule for rule in _RULES}

LEAD_CHECK_URGENT_DAYS = 3  # 财产调查规定 art. 3: 3 days when the lead is urgent
TIME_LIMIT_EXTENSION_MONTHS = 3  # extension by the president (院长)
TIME_LIMIT_EXTENSION_NOTICE_DAYS = 5  # asked at least 5 days before expiry
TERMINATION_MIN_MONTHS = 3  # 终本规定 art. 1: more than 3 months since filing
DORMANT_REQUERY_YEARS = 5  # 终本规定 art. 9: every 6 months for 5 years

# Maximum period of one control measure by kind of property (民诉法解释 art. 485 ✔; the older
# 6-month / 1-year / 2-year limits are repealed). Each renewal is at most the same period.
FREEZE_MAX_YEARS: dict[str, int] = {
    "bank_deposit": 1,
    "movable": 2,
    "vehicle": 2,
    "real_estate": 3,
    "equity": 3,
    "other_property_right": 3,
}


def rule(rule_id: str) -> DeadlineRule:
    return RULES[rule_id]


def add_years(day: date, years: int) -> date:
    """The same date ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)

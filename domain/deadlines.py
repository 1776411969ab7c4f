"""Node deadlines (节点期限): one table, each row citing its legal source.

A rule says how a due date is computed from its trigger date, who answers for it and how it
escalates. Due dates are computed once, in ``decide``, and recorded in the event that opens the
obligation; replaying events never recomputes them.

Marks on sources follow DOMAIN.md: "✔" checked against the text, "◐" found only in a secondary
or local source, "✘" a common figure not yet checked (configurable, flagged in the UI).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from domain.calendar import CourtCalendar, DueDate, add_months

PeriodUnit = Literal["days", "working_days", "months", "hours"]
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


# 督办 report (法发〔2006〕11号 sets no figure; the supervising court sets the date, the steps
# after it are this engine's defaults, configurable ✘): the report is overdue → a reminder to
# the handling court's bureau head at once → the supervising court's leadership 5 days later →
# the court above the supervising court 15 days later.
SUPERVISION_LADDER = EscalationLadder(
    warning_days_before=3,
    steps=(
        EscalationStep(1, 0, "bureau_head", "承办法院执行局长（催报）"),
        EscalationStep(2, 5, "supervising_leadership", "督办法院领导"),
        EscalationStep(3, 15, "higher_court", "督办法院的上级法院"),
    ),
)


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
        if self.unit == "hours":
            raise ValueError(f"{self.rule_id} counts hours from a moment (domain/sanctions.py)")
        return calendar.days_after(trigger, n)

    def nominal(self, trigger: date, amount: int | None = None) -> date | None:
        """The period's last day before any roll off a rest day (a period in days or months;
        None for working days and hours, which are never rolled): what a suspension moves
        (edition 3, domain/procedure.py ``resume``)."""
        n = self.amount if amount is None else amount
        if self.unit == "months":
            return add_months(trigger, n)
        if self.unit == "days":
            return trigger + timedelta(days=n)
        return None


# A deadline of hours (domain/sanctions.py) has no time for a warning before it.
HOURS_LADDER = EscalationLadder(warning_days_before=0, steps=DEFAULT_LADDER.steps)

# A party's window (分配方案异议期 and the like): nothing to warn about or escalate; when it ends
# with nobody acting, the case moves on by itself (domain/distribution.py ``window_closed``).
WINDOW_LADDER = EscalationLadder(
    warning_days_before=0, steps=(EscalationStep(1, 0, "officer", "承办人"),)
)


# A party's period (to apply for 复议, to sue) is no court's obligation: the officer is warned
# before it ends, and at its end it lapses (domain/objections.py ``period_lapsed``) instead of
# escalating.
PARTY_PERIOD_LADDER = EscalationLadder(
    warning_days_before=3, steps=(EscalationStep(1, 0, "officer", "期间届满"),)
)

# 简案快执: a court's own target; late, the officer and then the bureau head hear of it (a local
# target is the court's own business, not its superior's).
FAST_TRACK_LADDER = EscalationLadder(warning_days_before=5, steps=DEFAULT_LADDER.steps[:2])


_RULES = (
    DeadlineRule(
        "case.time_limit",
        "执行期限",
        "conclude the case",
        6,
        "months",
        "officer",
        "《关于严格执行案件审理期限制度的若干规定》（2000）第5、9条；《执行工作若干问题规定》第63条；"
        "《关于人民法院办理执行案件若干期限的规定》（2006）第1条",
        "✔",
    ),
    DeadlineRule(
        "fast_track.target",
        "简易案件在本院设定的期限内结案",
        "conclude a simple case within its court's target",
        0,  # the court's own figure, carried by the case (FastTrackRule.target_days)
        "days",
        "officer",
        "繁简分流（法发〔2019〕16号等）：无全国统一期限，各院自行设定（可配置）",
        "✘",
        ladder=FAST_TRACK_LADDER,
    ),
    DeadlineRule(
        "entrust.task",
        "受托法院办理委托事项",
        "the helping court does the entrusted task",
        10,  # the requesting officer's figure, carried by the command (EntrustTask.working_days)
        "working_days",
        "officer",
        "《关于委托执行若干问题的规定》第2、4条（事项委托）；期限无全国统一规定，默认10个工作日（可调整）",
        "✘",
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
        "valuation.start",
        "启动确定参考价",
        "start determining the reference price",
        30,
        "days",
        "officer",
        "《关于人民法院确定财产处置参考价若干问题的规定》第1条",
        "✔",
    ),
    DeadlineRule(
        "valuation.online_inquiry",
        "网络询价结果",
        "online inquiry result",
        3,
        "days",
        "officer",
        "参考价规定第11条（可延长一次三日）",
        "✔",
    ),
    DeadlineRule(
        "valuation.directed_inquiry",
        "定向询价结果",
        "directed inquiry result",
        3,
        "days",
        "officer",
        "参考价规定第9条（期限待核）",
        "✘",
    ),
    DeadlineRule(
        "valuation.appraisal",
        "评估报告",
        "appraisal report",
        30,
        "days",
        "officer",
        "参考价规定第19条（可延长两次，每次不超过十五日）",
        "✔",
    ),
    DeadlineRule(
        "valuation.objection",
        "评估机构答复异议",
        "the appraiser answers an objection",
        5,
        "days",
        "officer",
        "参考价规定第22、23条",
        "✔",
    ),
    DeadlineRule(
        "valuation.validity",
        "参考价有效期内处置",
        "dispose while the reference price is valid",
        12,
        "months",
        "officer",
        "参考价规定第27条",
        "✔",
    ),
    DeadlineRule(
        "disposal.start",
        "参考价确定后启动拍卖",
        "start the sale process after the price is fixed",
        10,
        "days",
        "officer",
        "参考价规定第30条",
        "✔",
    ),
    DeadlineRule(
        "auction.relist",
        "流拍或悔拍后再次拍卖",
        "re-auction after a failed round",
        30,
        "days",
        "officer",
        "《关于人民法院网络司法拍卖若干问题的规定》第26条",
        "✔",
    ),
    DeadlineRule(
        "sale.period",
        "变卖期限",
        "the sale period",
        60,
        "days",
        "officer",
        "《关于人民法院民事执行中拍卖、变卖财产的规定》（网络变卖期六十日，待核）",
        "✘",
    ),
    DeadlineRule(
        "funds.payout",
        "执行款到账后发放",
        "settle fees and pay the applicant",
        30,
        "days",
        "officer",
        "《关于执行款物管理工作的规定》（2017）",
        "◐",
    ),
    DeadlineRule(
        "settlement.installment",
        "和解协议分期履行",
        "an instalment of a settlement",
        0,
        "days",
        "officer",
        "《关于执行和解若干问题的规定》第9、10条",
        "✔",
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "bankruptcy.serve_decision",
        "送达移送破产审查决定",
        "serve the transfer decision",
        5,
        "days",
        "officer",
        "《关于执行案件移送破产审查若干问题的指导意见》第7条",
        "◐",
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "bankruptcy.acceptance",
        "受移送法院裁定是否受理",
        "the receiving court rules on acceptance",
        30,
        "days",
        "receiving_court",
        "《民诉法解释》第512条（第二版规则起自受移送法院收到材料之日）",
        "✔",
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
    DeadlineRule(
        "credit.blacklist.delete",
        "删除失信信息",
        "delete the dishonest-list entry",
        3,
        "working_days",
        "officer",
        "《关于公布失信被执行人名单信息的若干规定》（法释〔2017〕7号）第10条（三个工作日内删除）",
        "◐",
        # owed whatever the case's course: suspension does not stop it, 终本 does not waive it
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "supervision.report",
        "报告督办案件办理情况",
        "report on a supervised case",
        0,
        "days",
        "bureau_head",
        "《关于进一步加强和规范执行工作的若干意见》法发〔2006〕11号（期限由督办法院确定）",
        "✔",
        ladder=SUPERVISION_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "petition.register",
        "涉执信访登记受理",
        "register a petition",
        5,
        "working_days",
        "officer",
        "法〔2021〕227号（五个工作日内登记）",
        "✔",
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "petition.conclude",
        "涉执信访办结",
        "conclude a petition",
        30,
        "days",
        "officer",
        "法〔2021〕227号（三十日内办结；另有通知作三十个工作日）",
        "✔",
        pauses_when_suspended=False,
    ),
    # 委托执行 (DOMAIN-2 §7). The entrusting case tracks the receiving court's docketing until
    # the docketing notice arrives; the receiving case its own start, report and 6 months.
    DeadlineRule(
        "entrust.case.register",
        "受托法院立案",
        "the receiving court dockets the entrusted case",
        7,
        "days",
        "receiving_court",
        "《最高人民法院关于委托执行若干问题的规定》第7条第1款",
        "✔",
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "entrust.case.notify_applicant",
        "书面通知申请执行人案件已委托执行",
        "tell the applicant in writing that the case was entrusted",
        7,
        "days",
        "officer",
        "《最高人民法院关于委托执行若干问题的规定》第7条第2款",
        "✔",
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "entrust.case.start",
        "受托法院开始执行",
        "the receiving court starts enforcing",
        15,
        "days",
        "officer",
        "《民事诉讼法》（2023）第240条",
        "✔",
    ),
    DeadlineRule(  # the 30-day half of DOMAIN-2's entrust.case.start row
        "entrust.case.report",
        "函告委托法院执行情况",
        "report to the entrusting court how the case stands",
        30,
        "days",
        "officer",
        "《民事诉讼法》（2023）第240条",
        "✔",
    ),
    DeadlineRule(
        "entrust.case.overdue",
        "受托案件六个月内执结（逾期申请执行人可请求上一级法院提级或指定执行）",
        "conclude the entrusted case within 6 months",
        6,
        "months",
        "officer",
        "《最高人民法院关于委托执行若干问题的规定》第11条",
        "✔",
    ),
    DeadlineRule(
        "distribution.plan.objection",
        "分配方案异议期（收到分配方案后十五日）",
        "the creditors' and the respondent's 15 days to object to the plan",
        15,
        "days",
        "officer",
        "《民诉法解释》第509条；《执行程序解释》第17条",
        "✔",
        ladder=WINDOW_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "distribution.plan.counter",
        "分配方案异议的反对意见期（收到通知后十五日）",
        "the others' 15 days to oppose an objection to the plan",
        15,
        "days",
        "officer",
        "《民诉法解释》第510条第1、2款",
        "✔",
        ladder=WINDOW_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "distribution.plan.sue",
        "分配方案异议之诉起诉期（收到反对意见通知后十五日）",
        "the objector's 15 days to sue those who opposed",
        15,
        "days",
        "officer",
        "《民诉法解释》第510条第2款",
        "✔",
        ladder=WINDOW_LADDER,
        pauses_when_suspended=False,
    ),
    # 执行异议 (domain/objections.py; DOMAIN-2 §§1-2)
    DeadlineRule(
        "objection.act.register",
        "执行行为异议立案（或裁定不予受理）",
        "register the objection to an enforcement act, or refuse it with a reason",
        3,
        "days",
        "officer",
        "《关于人民法院办理执行异议和复议案件若干问题的规定》第2条",
        "✔",
    ),
    DeadlineRule(
        "objection.third_party.register",
        "案外人异议立案（或裁定不予受理）",
        "register the third-party objection, or refuse it with a reason",
        3,
        "days",
        "officer",
        "《关于人民法院办理执行异议和复议案件若干问题的规定》第2条",
        "✔",
    ),
    DeadlineRule(
        "objection.act.review",
        "合议庭审查执行行为异议并作出裁定",
        "a collegial panel rules on the objection to an enforcement act",
        15,
        "days",
        "judge",
        "《民事诉讼法》（2023）第236条；《执行程序解释》第5条；《执行异议和复议规定》第11条",
        "✔",
    ),
    DeadlineRule(
        "objection.third_party.review",
        "合议庭审查案外人异议并作出裁定",
        "a collegial panel rules on the third-party objection",
        15,
        "days",
        "judge",
        "《民事诉讼法》（2023）第238条；《民诉法解释》第463条",
        "✔",
    ),
    DeadlineRule(
        "objection.act.reconsider.apply",
        "当事人、利害关系人申请复议的期间（裁定送达之日起十日）",
        "the period to apply for 复议 (10 days from service of the ruling)",
        10,
        "days",
        "officer",
        "《民事诉讼法》（2023）第236条；《执行程序解释》第6、7条",
        "✔",
        ladder=PARTY_PERIOD_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "objection.act.reconsider.decide",
        "上一级法院审查复议申请（院长批准可延长不超过三十日）",
        "the court above decides the 复议 (+ up to 30 days with its president's approval)",
        30,
        "days",
        "higher_court",
        "《执行程序解释》第8条",
        "✔",
    ),
    DeadlineRule(
        "objection.third_party.sue",
        "提起执行异议之诉的期间（裁定送达之日起十五日；驳回的，期间内不得处分该标的）",
        "the period to sue (15 days from service; after a rejection, no disposal meanwhile)",
        15,
        "days",
        "officer",
        "《民事诉讼法》（2023）第238条；《民诉法解释》第302、463条",
        "✔",
        ladder=PARTY_PERIOD_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "objection.third_party.release",
        "解除对该执行标的采取的执行措施（申请执行人未在期限内起诉）",
        "release the measures on the asset (the applicant did not sue in time)",
        7,
        "days",
        "officer",
        "《民诉法解释》第314条",
        "✔",
    ),
    # Fines and detention (DOMAIN-2 §4, domain/sanctions.py). The two counted in hours are due
    # the moment their hours are over.
    DeadlineRule(
        "sanction.emergency",
        "紧急先行拘留后立即报院长补办批准手续",
        "the president approves an emergency detention after the fact, or releases",
        24,  # "立即" (at once): no figure in the law; the engine's default, configurable
        "hours",
        "president",
        "《民诉法解释》第181条（“立即报告院长补办批准手续”，无具体时限，默认24小时，可配置）",
        "✘",
        ladder=HOURS_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "sanction.notify_family",
        "拘留后二十四小时内通知家属",
        "notify the detained person's family within 24 hours",
        24,
        "hours",
        "officer",
        "《民诉法解释》第180条",
        "✔",
        ladder=HOURS_LADDER,
        pauses_when_suspended=False,
    ),
    DeadlineRule(
        "sanction.reconsider.decide",
        "上级法院五日内作出复议决定",
        "the court above decides the review of a fine or detention",
        5,
        "days",
        "higher_court",
        "《民诉法解释》第185条；《关于严格执行案件审理期限制度的若干规定》（2000）第2条",
        "✔",
        pauses_when_suspended=False,
    ),
    # In-kind satisfaction above the claim (DOMAIN-2 §12, domain/in_kind.py).
    DeadlineRule(
        "in_kind.difference",
        "承受人在指定期间内补交差价",
        "the taker pays the difference within the period the court set",
        15,  # the court's own figure, carried by the command (AcceptInKind.difference_days)
        "days",
        "officer",
        "《关于人民法院民事执行中拍卖、变卖财产的规定》第16条第2款（“在指定的期间内补交差额”，"
        "无法定期间，默认15日，可配置）",
        "✘",
    ),
    DeadlineRule(
        "in_kind.ruling",
        "差价全额交付后十日内送达以物抵债裁定",
        "serve the in-kind ruling within 10 days of full payment",
        10,
        "days",
        "officer",
        "《关于人民法院民事执行中拍卖、变卖财产的规定》第20条；《民诉法解释》第491条",
        "✔",
    ),
    # The reference price (DOMAIN-2 §11, domain/valuation.py; edition 3).
    DeadlineRule(
        "valuation.objection.forward",
        "三日内将异议交评估机构或询价平台书面说明",
        "send an objection to the appraiser or platform",
        3,
        "days",
        "officer",
        "参考价规定第23条",
        "✔",
    ),
    DeadlineRule(
        "valuation.reissue",
        "原评估机构十五日内重新出具评估报告",
        "the original appraiser re-issues its report",
        15,
        "days",
        "officer",
        "参考价规定第19条第4款",
        "✔",
    ),
)

RULES: dict[str, DeadlineRule] = {rule.rule_id: rule for rule in _RULES}

LEAD_CHECK_URGENT_DAYS = 3  # 财产调查规定 art. 3: 3 days when the lead is urgent
TIME_LIMIT_EXTENSION_MONTHS = 3  # extension by the president (院长) or a vice-president
# Edition 1 reads 2006 期限规定 art. 1 as "asked at least 5 days before expiry"; edition 2 as
# the text says, "within the last 5 days before expiry" (届满前5日内, domain/procedure.py).
TIME_LIMIT_EXTENSION_NOTICE_DAYS = 5
TERMINATION_MIN_MONTHS = 3  # 终本规定 art. 1: more than 3 months since filing
DORMANT_REQUERY_YEARS = 5  # 终本规定 art. 9: every 6 months for 5 years
REQUERY_MONTHS = 6

# The dishonest-debtor list (失信规定, 法释〔2017〕7号; ✔(p) DOMAIN-2 §9).
BLACKLIST_TERM_YEARS = 2  # art. 2: grounds (二)–(六); ground (一) has no fixed term
BLACKLIST_DELETE = "credit.blacklist.delete"  # art. 10: deleted within 3 working days
CREDIT_RULES = "credit."  # deadlines neither 终本 nor closing waives (domain/measures.py)
ADULT_AGE = 18  # 民法典 art. 17: 未成年人 is under eighteen (失信规定 art. 4: never listed)

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


# Valuation and auction figures (参考价规定, 网拍规定).
ONLINE_INQUIRY_EXTENSION_DAYS = 3  # one extension of 3 days (参考价规定 art. 11)
APPRAISAL_MAX_EXTENSIONS = 2  # at most two extensions ...
APPRAISAL_EXTENSION_MAX_DAYS = 15  # ... of at most 15 days each ...
APPRAISAL_EXTENSION_NOTICE_DAYS = 5  # ... asked at least 5 days before expiry (art. 19)
OBJECTION_WINDOW_DAYS = 5  # parties object within 5 days of receiving the report (art. 22)
VALUATION_VALID_YEARS = 1  # art. 27
SALE_GRACE_MONTHS = 6  # a sale up to 6 months past validity needs no new valuation (art. 27)
AUCTION_FLOOR_PERCENT = 70  # round 1 start price >= 70% of the reference price (网拍规定 art. 10)
RELIST_MAX_CUT_PERCENT = 20  # a re-auction cuts at most 20% (art. 26)
DEPOSIT_MIN_PERCENT, DEPOSIT_MAX_PERCENT = 5, 20  # art. 17
MIN_BIDDING_HOURS = 24  # art. 20
# announcement lead in days: (round 1, re-auction) by movable / immovable (arts. 12, 26)
ANNOUNCEMENT_LEAD_DAYS = {True: (15, 7), False: (30, 15)}
MAX_AUCTION_ROUNDS = 2  # after two failures: sale (变卖) or in-kind (拍卖变卖规定 arts. 16, 24-25)

# 督办 opened automatically by level 3 of a case deadline: the report is due this many days
# later (no statutory figure; the engine's default, configurable ✘).
AUTO_SUPERVISION_REPORT_DAYS = 15

"""The case snapshot, a command's answer and events for people, with the court's words
(domain/labels.py)."""

from __future__ import annotations

import json

from domain.deadlines import RULES
from domain.events import Event
from domain.labels import DEADLINE_STATE_ZH, STAGE_ZH, STATUS_ZH
from domain.money import format_yuan
from domain.snapshot import CaseSnapshot, CommandAnswer

AMOUNT_LABELS = (
    ("due_fen", "应执行"),
    ("collected_fen", "已到位"),
    ("paid_out_fen", "已发放"),
    ("held_fen", "在账"),
    ("outstanding_fen", "未执行"),
    ("escrowed_fen", "提存"),
)


def _rule_title(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    return f"{rule_id}（{rule.obligation_zh}）" if rule is not None else rule_id


def render_snapshot(snap: CaseSnapshot) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"案号    {snap.current_case_number}")
    add(f"法院    {snap.court_code}")
    add(f"状态    {STATUS_ZH.get(snap.status, snap.status)} ({snap.status})")
    add(f"阶段    {STAGE_ZH.get(snap.stage, snap.stage)} ({snap.stage})")
    for label, parties in (
        ("申请执行人", snap.parties.applicants),
        ("被执行人", snap.parties.respondents),
    ):
        add(f"{label}  {'、'.join(p.name for p in parties)}")
    add("金额")
    amounts = snap.amounts.model_dump()
    for key, label in AMOUNT_LABELS:
        add(f"  {label:<6}{'¥' + format_yuan(amounts[key]):>20}")
    add("期限" + ("" if snap.deadlines else "    —"))
    for d in snap.deadlines:
        mark = "（暂定 provisional）" if d.provisional else ""
        add(
            f"  {d.due_on}{mark}  {DEADLINE_STATE_ZH.get(d.state, d.state)}  升级级别 "
            f"{d.escalation_level}  {_rule_title(d.rule)}  {d.subject}".rstrip()
        )
    limit = snap.time_limit
    if limit.due_on is not None:
        paused = f"，{limit.paused_on} 起暂停计算" if limit.paused_on else ""
        add(
            f"审限    {limit.due_on}（扣除 {limit.paused_days} 天，延长 {limit.extensions} 次"
            f"{paused}）"
        )
    for period in limit.excluded_periods:
        until = period.ended_on or "进行中 running"
        add(f"  不计入 {period.period_id}  {period.kind}  {period.began_on} 至 {until}")
    for m in snap.measures:
        term = ""
        if m.measure == "dishonest_list":
            term = f"  至 {m.expires_on}" if m.expires_on else "  无固定期限"
            term += f"  已删除 {m.deleted_on}" if m.deleted_on else ""
        add(f"措施    {m.measure_id}  {m.measure}  {m.party_id}  {m.imposed_on}{term}")
    if snap.assets:
        add("财产")
    for asset in snap.assets:
        control = ""
        if asset.control is not None:
            control = f"  {asset.control.measure}/{asset.control.state}"
            if asset.control.expires_on is not None:
                control += f" 至 {asset.control.expires_on}"
        add(f"  {asset.asset_id}  {asset.kind}  {asset.description}{control}")
    allowed = snap.allowed_commands
    add(f"可执行操作  {', '.join(allowed) if allowed else '—'}")
    add(f"事件序号  {snap.last_seq}")
    return "\n".join(lines)


def render_event(event: Event) -> str:
    """One line: seq, time, type, who, and the rest of the event as compact JSON."""
    item = event.model_dump(mode="json")
    seq = item.pop("seq", "?")
    occurred = item.pop("occurred_at", "")
    kind = item.pop("type", "?")
    actor = item.pop("actor", None)
    who = f"{actor.get('role')}:{actor.get('user_id')}" if isinstance(actor, dict) else ""
    item.pop("request_id", None)
    rest = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    return f"#{seq:<4} {occurred}  {kind:<24} {who}  {rest}"


def render_answer(answer: CommandAnswer) -> str:
    """What one command did: the events it added, the case's status, stage and commands after."""
    if answer.repeated:
        added = (
            f"#{answer.first_seq}–#{answer.last_seq}"
            if answer.last_seq >= answer.first_seq
            else "无事件 / no events"
        )
        head = f"重复请求，未作改动（首次受理：{added}）/ repeated request: nothing changed"
    else:
        head = f"已受理 / accepted  {answer.case_number}"
    lines = [head, *(f"  {render_event(e)}" for e in answer.events)]
    lines.append(f"状态    {STATUS_ZH.get(answer.status, answer.status)} ({answer.status})")
    lines.append(f"阶段    {STAGE_ZH.get(answer.stage, answer.stage)} ({answer.stage})")
    allowed = answer.allowed_commands
    lines.append(f"可执行操作  {', '.join(allowed) if allowed else '—'}")
    return "\n".join(lines)

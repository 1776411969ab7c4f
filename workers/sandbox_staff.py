"""The simulated staff of a training sandbox (沙盘推演): who acts on a case, how promptly, and what
they do next, read from the case's snapshot as an officer reads the case page.

Officers have a temperament: diligent (looks at a case most working days), late (now and then),
absent (hardly ever). A move is one command the UI offers (`allowed_commands`), sent through the
same `execute` update; the judge and the president sign what needs them when the officer brings
it. Petitioners (信访) write in about cases that are overdue; the supervisor of the court above
opens 督办 on cases escalated to level 2, urges (催办) those still not reported, closes them once
reported, and reviews 终本 cases (评查).

Every draw comes from one `random.Random(seed)`, in a fixed order (cases in filing order), so
the same seed makes the same staff.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from domain.snapshot import CaseSnapshot

Temperament = Literal["diligent", "late", "absent"]

# The chance, on a working day, that an officer of this temperament looks at one of their cases.
DILIGENCE: dict[Temperament, float] = {"diligent": 0.6, "late": 0.15, "absent": 0.03}
# How many officers of each temperament, in ten (every court has at least one of each).
TEMPERAMENTS: dict[Temperament, int] = {"diligent": 6, "late": 3, "absent": 1}
PETITION_CHANCE = 0.02  # per working day, for an applicant whose case is overdue
SUPERVISION_LEVEL = 2  # the supervisor opens 督办 on a case escalated this far
URGE_AFTER_DAYS = 10  # a 督办 not reported after this many days is urged (催办)
TERMINATION_AFTER_DAYS = 100  # an officer proposes 终本 once the case is this old (3 months +)
REVIEW_CHANCE = 0.5  # the share of 终本 cases the court above reviews (评查)

Move = tuple[str, dict[str, Any]]  # (role, command)


@dataclass(frozen=True)
class Officer:
    user_id: str
    temperament: Temperament


def officers(count: int, rng: random.Random) -> list[Officer]:
    """`count` officers (at least three: one of each temperament, the rest drawn by `rng`)."""
    kinds = list(TEMPERAMENTS) + rng.choices(
        list(TEMPERAMENTS), weights=list(TEMPERAMENTS.values()), k=max(count - 3, 0)
    )
    rng.shuffle(kinds)
    return [Officer(f"sim-officer-{i + 1}", kind) for i, kind in enumerate(kinds)]


def looks_today(officer: Officer, rng: random.Random) -> bool:
    return rng.random() < DILIGENCE[officer.temperament]


def officer_move(snap: CaseSnapshot, today: date) -> Move | None:
    """What the case's officer does next (or has the judge or president sign), if anything."""
    allowed = set(snap.allowed_commands)
    for petition in snap.petitions:
        if petition.state == "open" and "respond_petition" in allowed:
            return "officer", {
                "type": "respond_petition",
                "petition_id": petition.petition_id,
                "response": "已向信访人说明执行进展",
            }
        if petition.state == "responded" and "close_petition" in allowed:
            return "officer", {
                "type": "close_petition",
                "petition_id": petition.petition_id,
                "outcome": "resolved",
            }
    for supervision in snap.supervisions:
        if supervision.state == "open" and "submit_supervision_report" in allowed:
            return "officer", {
                "type": "submit_supervision_report",
                "supervision_id": supervision.supervision_id,
                "summary": "已按督办要求推进执行并报告进展",
            }
    if snap.status != "active":
        return None
    if not snap.documents and "issue_notice" in allowed:
        return "officer", {"type": "issue_notice", "method": "electronic"}
    if not snap.searches and "request_asset_search" in allowed:
        return "officer", {"type": "request_asset_search", "scope": "network"}
    outstanding = snap.amounts.outstanding_fen
    for asset in snap.assets:
        if asset.kind != "bank_deposit" or asset.disposition != "open":
            continue
        if asset.control is None and outstanding > 0 and "freeze_asset" in allowed:
            return "officer", {
                "type": "freeze_asset",
                "asset_id": asset.asset_id,
                "measure": "freeze",
                "period_days": 365,
                "amount_fen": min(asset.value_fen or outstanding, outstanding),
            }
        control = asset.control
        if control is not None and control.in_force and outstanding > 0:
            available = (control.amount_fen or asset.value_fen or 0) - control.deducted_fen
            if available > 0 and "deduct_funds" in allowed:
                return "officer", {
                    "type": "deduct_funds",
                    "asset_id": asset.asset_id,
                    "amount_fen": min(available, outstanding),
                }
    held = snap.amounts.held_fen
    if held > 0 and "approve_distribution" in allowed:
        if all(d.settled for d in snap.distributions):
            applicant = snap.parties.applicants[0].party_id
            return "judge", {
                "type": "approve_distribution",
                "claims": [{"claimant_id": applicant, "kind": "applicant", "owed_fen": held}],
            }
        return None
    if outstanding == 0 and held == 0 and "close_case" in allowed:
        return "judge", {"type": "close_case", "outcome": "fully_enforced"}
    if (today - snap.filed_on).days >= TERMINATION_AFTER_DAYS:
        return _towards_termination(snap, allowed)
    return None


def _towards_termination(snap: CaseSnapshot, allowed: set[str]) -> Move | None:
    """终本 when the search found nothing left to take: each step of 终本规定 art. 1 in turn."""
    if any(s.state == "pending" for s in snap.searches):
        return None
    if any(a.disposition == "open" and a.kind != "bank_deposit" for a in snap.assets):
        return None  # a flat to sell: this sandbox's staff leave it (the case runs late)
    restricted = {m.party_id for m in snap.measures if m.measure == "consumption_restriction"}
    for party in snap.parties.respondents:
        if party.party_id not in restricted and "impose_measure" in allowed:
            return "president", {
                "type": "impose_measure",
                "measure": "consumption_restriction",
                "party_id": party.party_id,
            }
    applicant = snap.parties.applicants[0].party_id
    file = snap.termination_file
    if applicant not in file.heard and "hear_applicant" in allowed:
        return "officer", {
            "type": "hear_applicant",
            "applicant_id": applicant,
            "informed": "已告知执行情况、财产调查措施、被执行人财产情况及终本的依据和法律后果",
            "opinion": "同意终本",
        }
    if applicant not in file.signed_off and "record_applicant_sign_off" in allowed:
        return "officer", {"type": "record_applicant_sign_off", "applicant_id": applicant}
    if "terminate_this_procedure" in allowed:
        return "judge", {
            "type": "terminate_this_procedure",
            "reason": "经网络查控未发现其他可供执行的财产",
        }
    return None


def petition(snap: CaseSnapshot) -> Move | None:
    """The applicant writes in about an overdue case (registered by the officer)."""
    if snap.status == "closed" or snap.escalation_level < 1 or snap.open_petitions:
        return None
    return "officer", {
        "type": "register_petition",
        "petitioner": snap.parties.applicants[0].name,
        "channel": "letter",
        "summary": "反映案件久拖未执行",
        "about_delay": True,
    }


def supervisor_move(snap: CaseSnapshot, today: date, rng: random.Random) -> Move | None:
    """The supervisor of the court above: 督办, 催办, closing reported ones, 评查 of 终本."""
    if snap.status == "dormant" and not snap.termination_reviews:
        if rng.random() < REVIEW_CHANCE:
            return "supervisor", {
                "type": "review_terminated_case",
                "qualified": rng.random() < 0.9,
                "reasons": "经评查，终本程序与条件的审查意见",
            }
        return None
    if snap.status == "closed":
        return None
    above = snap.court_chain[1] if len(snap.court_chain) > 1 else snap.court_code
    mine = [s for s in snap.supervisions if s.supervising_court_code == above]
    live = [s for s in mine if s.state != "closed"]
    for s in live:
        if s.state == "reported":
            return "supervisor", {
                "type": "close_supervision",
                "supervision_id": s.supervision_id,
                "reason": "已收到报告，督办结束",
            }
        if (today - s.opened_on).days >= URGE_AFTER_DAYS * (s.urged + 1):
            return "supervisor", {
                "type": "urge",
                "supervision_id": s.supervision_id,
                "message": "请尽快推进并报告",
            }
    if not live and snap.escalation_level >= SUPERVISION_LEVEL and not mine:
        return "supervisor", {
            "type": "open_supervision",
            "report_due_on": (today + timedelta(days=15)).isoformat(),
            "instructions": "案件超期，请于十五日内报告执行进展",
        }
    return None

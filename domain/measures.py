"""强制措施 against a respondent: a consumption restriction order (限制消费令), the list of
dishonest judgment debtors (失信被执行人名单), fines (罚款), detention (拘留) and exit bans
(限制出境).

Sources: 《民事诉讼法》 (2023) arts. 118-119 (fines and detention, approved by the president);
《关于限制被执行人高消费及有关消费的若干规定》 (限消规定, 2015 revision) arts. 4-5 (the
restriction order is signed by the president); 《关于公布失信被执行人名单信息的若干规定》
(失信规定, 法释〔2017〕7号) arts. 1 (grounds), 2 (term), 4 (no minors), 10 (deletion within three
working days); DOMAIN-2 §9.

Edition 2 (domain/editions.py) applies what DOMAIN-2 §9 found; a case of edition 1 keeps the
earlier rules (one listing per respondent, no grounds, no term, no deletion) so its history
replays as it ran.
"""

from __future__ import annotations

from datetime import date

from domain import commands as c
from domain import events as ev
from domain import sanctions
from domain.calendar import local_date
from domain.commands import DISHONEST_GROUNDS
from domain.deadlines import ADULT_AGE, BLACKLIST_DELETE, BLACKLIST_TERM_YEARS, add_years
from domain.decision import Decision, calendar, open_of, reject, respondent
from domain.editions import CONTESTED, COURTS
from domain.roles import (
    CASE_STAFF,
    MEASURE_APPROVERS,
    MEASURES_NEEDING_APPROVAL,
    PRESIDENT,
)
from domain.spec import ACTIVE, LIVE, Applier, Appliers, Commands, CommandSpec, from_edition
from domain.state import CaseState, Measure

ONCE_PER_RESPONDENT = ("consumption_restriction", "dishonest_list")


def impose_measure(d: Decision, cmd: c.ImposeMeasure) -> None:
    respondent(d.case, cmd.party_id)
    emergency = False  # an officer's emergency detention (edition 3, domain/sanctions.py)
    if d.case.edition >= CONTESTED:
        emergency = sanctions.awaits_approval(d, cmd)
    elif cmd.act or cmd.emergency:
        raise reject(
            "sanction.edition",
            "本案按旧版规则办理，不登记妨害行为，也不适用先行拘留后补办批准",
            "under the case's edition of the rules a sanction names no act and has no "
            "emergency detention",
        )
    needs_approval = cmd.measure in MEASURES_NEEDING_APPROVAL and not emergency
    if needs_approval and d.actor.role not in MEASURE_APPROVERS:
        raise reject(
            "measure.approval_required",
            "罚款、拘留、限制出境须经院长或执行局长批准",
            "fines, detention and exit bans need the approval of the president or bureau head",
        )
    edition_2 = d.case.edition >= COURTS
    if edition_2 and cmd.measure == "consumption_restriction" and d.actor.role not in PRESIDENT:
        raise reject(
            "credit.consumption.president_signs",
            "限制消费令由院长签发",
            "a consumption restriction order is signed by the president (限消规定 art. 4)",
        )
    if cmd.measure in ONCE_PER_RESPONDENT and any(
        m.measure == cmd.measure
        and m.party_id == cmd.party_id
        and (m.in_force or not edition_2)  # edition 2: listed again on a new ground (art. 10)
        for m in d.case.measures
    ):
        raise reject(
            "measure.already_imposed",
            "该措施已对该被执行人采取",
            "this measure is already in force against this respondent",
        )
    measure_id = f"M{d.next_seq}"
    if cmd.measure == "dishonest_list" and edition_2:
        _list_dishonest(d, cmd, measure_id)
        return
    if cmd.grounds or cmd.extra_years or cmd.birth_date is not None:
        raise reject(
            "credit.blacklist.edition",
            "本案按第 1 版规则办理，不登记失信事由、期限和出生日期",
            "under edition 1 of the rules a listing records no grounds, term or birth date",
        )
    d.emit(
        ev.MeasureImposed(
            measure_id=measure_id,
            measure=cmd.measure,
            party_id=cmd.party_id,
            amount_fen=cmd.amount_fen,
            days=cmd.days,
            note=cmd.note,
            act=cmd.act,
            emergency=emergency,
        )
    )
    if d.case.edition >= CONTESTED:
        sanctions.after_imposed(d, cmd, measure_id)


# -- the dishonest-debtor list (edition 2) -------------------------------------------------------
def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day`` (one's birthday is reached on its date; 29 February in a
    common year on 28 February, domain/deadlines.py ``add_years``)."""
    years = day.year - birth_date.year
    return years if add_years(birth_date, years) <= day else years - 1


def blacklist_expiry(
    grounds: list[c.DishonestGround], extra_years: int, decided_on: date
) -> date | None:
    """The last day on the list (失信规定 art. 2): grounds (二)–(六) two years from the decision,
    plus the one to three years added for aggravation; ground (一) no fixed term (the listing
    lasts until a reason to delete it, art. 10 ¶1). Counted as a period in years (民事诉讼法
    (2023) art. 85, 民诉法解释 art. 125): from the day after the decision, ending on the same
    date two years on (decided 2026-03-10: listed up to and including 2028-03-10). Not rolled
    off a rest day: nobody must act on that day; the deletion it calls for is due three working
    days later (art. 10 ¶2, ``BLACKLIST_DELETE``), which is counted in working days."""
    if "able_but_refuses" in grounds:
        return None
    return add_years(decided_on, BLACKLIST_TERM_YEARS + extra_years)


def _list_dishonest(d: Decision, cmd: c.ImposeMeasure, measure_id: str) -> None:
    """纳入失信被执行人名单 (失信规定 arts. 1-4): on one of the six grounds of art. 1, for the
    term of art. 2, never a minor (art. 4), and only while something is owed ("被执行人未履行
    生效法律文书确定的义务")."""
    case = d.case
    if not cmd.grounds:
        raise reject(
            "credit.blacklist.grounds_required",
            "纳入失信名单须写明《失信规定》第一条的事由",
            "a listing names its grounds (失信规定 art. 1 (一)–(六))",
        )
    if case.outstanding_fen == 0:
        raise reject(
            "credit.blacklist.nothing_outstanding",
            "被执行人已无未履行的义务，不得纳入失信名单",
            "nothing is outstanding: the respondent cannot be listed",
        )
    grounds = sorted(cmd.grounds, key=DISHONEST_GROUNDS.index)
    if cmd.extra_years:
        if "able_but_refuses" in grounds:
            raise reject(
                "credit.blacklist.no_term_to_extend",
                "因第一条第一项纳入的，没有固定期限，不能延长",
                "a listing on ground (一) has no fixed term to extend",
            )
        if "obstruction" not in grounds and len(grounds) < 2:
            raise reject(
                "credit.blacklist.extension_not_grounded",
                "以暴力、威胁方法妨碍、抗拒执行情节严重或具有多项失信行为的，方可延长一至三年",
                "the term is extended only for violent or threatening obstruction or several "
                "grounds (失信规定 art. 2)",
            )
    birth_date = _birth_date(d, cmd)
    if birth_date is not None and age_on(birth_date, d.today) < ADULT_AGE:
        raise reject(
            "credit.blacklist.minor",
            f"被执行人为未成年人（{birth_date} 出生），不得纳入失信名单",
            f"the respondent (born {birth_date}) is a minor and is never listed (失信规定 art. 4)",
        )
    expires_on = blacklist_expiry(grounds, cmd.extra_years, d.today)
    d.emit(
        ev.MeasureImposed(
            measure_id=measure_id,
            measure=cmd.measure,
            party_id=cmd.party_id,
            amount_fen=cmd.amount_fen,
            days=cmd.days,
            note=cmd.note,
            grounds=grounds,
            extra_years=cmd.extra_years,
            expires_on=expires_on,
            birth_date=birth_date,
        )
    )
    if expires_on is not None:  # art. 10 ¶2: deleted within 3 working days after the term
        d.open_deadline(BLACKLIST_DELETE, measure_id, calendar().working_days_after(expires_on, 3))


def _birth_date(d: Decision, cmd: c.ImposeMeasure) -> date | None:
    """A person's birth date, from the filing or the listing (which records the person's age,
    失信规定 art. 6); a person's listing without one is refused, since a minor is never listed."""
    party = next(p for p in d.case.respondents if p.party_id == cmd.party_id)
    if party.kind != "person":
        if cmd.birth_date is not None:
            raise reject(
                "credit.blacklist.birth_date_not_person",
                "被执行人为单位，没有出生日期",
                "the respondent is not a natural person and has no birth date",
            )
        return None
    if party.birth_date and cmd.birth_date and party.birth_date != cmd.birth_date:
        raise reject(
            "credit.blacklist.birth_date_mismatch",
            f"出生日期与立案登记的 {party.birth_date} 不符",
            f"the birth date differs from the filing's {party.birth_date}",
        )
    born = cmd.birth_date or party.birth_date
    if born is None:
        raise reject(
            "credit.blacklist.birth_date_unknown",
            "被执行人为自然人，须填写出生日期以核实其不是未成年人",
            "give the person's birth date: a minor is never listed (失信规定 art. 4)",
        )
    return born


def delete_dishonest_listing(d: Decision, cmd: c.DeleteDishonestListing) -> None:
    """删除失信信息 (失信规定 art. 10): on one of the reasons of ¶1, or once the term set at
    listing is over (¶2). Meets the listing's deletion deadline."""
    listing = next((m for m in d.case.dishonest_listings() if m.measure_id == cmd.measure_id), None)
    if listing is None:
        raise reject(
            "credit.blacklist.unknown",
            f"没有在册的失信名单记录 {cmd.measure_id}",
            f"no dishonest-list entry {cmd.measure_id} in force",
        )
    if cmd.reason == "term_expired" and (
        listing.expires_on is None or d.today <= listing.expires_on
    ):
        raise reject(
            "credit.blacklist.term_not_over",
            f"纳入期限尚未届满（{listing.expires_on or '无固定期限'}）",
            f"the listing's term is not over ({listing.expires_on or 'no fixed term'})",
        )
    if cmd.reason == "performed" and d.case.outstanding_fen > 0:
        raise reject(
            "credit.blacklist.not_performed",
            "尚有未执行到位的款项，不能以履行完毕删除",
            "something is still outstanding: not deleted as performed",
        )
    if cmd.reason == "settlement_performed" and not (
        d.case.settlement is not None and d.case.settlement.state == "performed"
    ):
        raise reject(
            "credit.blacklist.settlement_not_performed",
            "执行和解协议尚未履行完毕",
            "no settlement has been performed",
        )
    _delete(d, listing, cmd.reason, cmd.note)


def _delete(d: Decision, listing: Measure, reason: ev.DeletedBecause, note: str = "") -> None:
    d.emit(
        ev.DishonestListingDeleted(
            measure_id=listing.measure_id,
            party_id=listing.party_id,
            reason=reason,
            on=d.today,
            note=note,
        )
    )
    d.meet(BLACKLIST_DELETE, listing.measure_id)


def credit_follows(d: Decision) -> None:
    """What the credit measures owe after a command (edition 2; runs after every command).

    - The case is paid in full (nothing outstanding any more), or its settlement performed: each
      listing is to be deleted within three working days (失信规定 art. 10 ¶1 (一)(二)): its
      deletion deadline opens, or moves up if its term's was later.
    - The case closed: its listings are deleted with it, and their deadlines met. A closed case
      takes no officer's command (only the writ office's record of a document, edition 4) and
      its workflow ends, so the deletion cannot wait for one: the closing is the court's
      deletion, on day 0 of the three working days.
    """
    before, case = d.before, d.case
    if not d.events or before is None or case.edition < COURTS:
        return
    listings = case.dishonest_listings()
    if not listings:
        return
    if case.status == "closed":
        for listing in listings:
            _delete(d, listing, "case_closed")
        return
    paid = before.outstanding_fen > 0 and case.outstanding_fen == 0
    performed = _settlement_performed(case) and not _settlement_performed(before)
    if not (paid or performed):
        return
    due = calendar().working_days_after(d.today, 3)
    why = "已履行完毕 / paid in full" if paid else "和解协议履行完毕 / settlement performed"
    for listing in listings:
        owed = next(open_of(case, BLACKLIST_DELETE, listing.measure_id), None)
        if owed is None:
            d.open_deadline(BLACKLIST_DELETE, listing.measure_id, due)
        elif owed.due_on > due.on:
            d.reschedule(owed, due, why)


def _settlement_performed(state: CaseState) -> bool:
    return state.settlement is not None and state.settlement.state == "performed"


COMMANDS: Commands = (
    CommandSpec(
        c.ImposeMeasure,
        label_zh="采取强制措施",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=impose_measure,
    ),
    CommandSpec(
        c.DeleteDishonestListing,
        label_zh="删除失信信息",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=delete_dishonest_listing,
        requires=from_edition(COURTS),
        offer_when=lambda s: bool(s.dishonest_listings()),
    ),
)


def _imposed(s: CaseState, e: ev.MeasureImposed) -> None:
    s.measures.append(
        Measure(
            measure_id=e.measure_id,
            measure=e.measure,
            party_id=e.party_id,
            imposed_on=local_date(e.occurred_at),
            grounds=e.grounds,
            extra_years=e.extra_years,
            expires_on=e.expires_on,
            act=e.act,
            awaiting_approval=e.emergency,
        )
    )


def _deleted(s: CaseState, e: ev.DishonestListingDeleted) -> None:
    listing = next(m for m in s.measures if m.measure_id == e.measure_id)
    listing.deleted_on, listing.deletion_reason = e.on, e.reason


APPLIERS: Appliers = (
    Applier(ev.MeasureImposed, _imposed),
    Applier(ev.DishonestListingDeleted, _deleted),
)

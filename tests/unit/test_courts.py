"""The court registry (domain/courts.py, store/data/courts.csv) and every rule that asks "the
court above" or "a court's subtree" of it.

The expected chains are read from the registry's own sources (each row of courts.csv cites
them), not computed: 北京市朝阳区人民法院 (京0105) is under 北京市第三中级人民法院 (京03) since
2013, 海淀 (京0108) under 京01, 北京互联网法院 (京0491) under 京04, the IP and financial courts
(京73, 京74) directly under the high court.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.commands import Actor
from domain.courts import Court, CourtRegistry, prefix_chain
from domain.editions import BASELINE, CURRENT
from domain.errors import DomainError
from domain.filing import under_current_rules
from domain.policy import may_issue, may_list, may_read
from store.courts import bundled_registry, read_courts_csv
from tests import samples
from tests.unit.gwt import deadline, filed, given, later

REGISTRY = bundled_registry()


def supervisor(court: str) -> Actor:
    return Actor(user_id="u-sup", role="supervisor", court_code=court)


@pytest.mark.parametrize(
    ("court", "chain"),
    [
        ("京0105", ("京0105", "京03", "京", "最高法")),  # 朝阳: 三中院, not the prefix's 京01
        ("京0108", ("京0108", "京01", "京", "最高法")),  # 海淀: 一中院
        ("京0106", ("京0106", "京02", "京", "最高法")),  # 丰台: 二中院
        ("京0491", ("京0491", "京04", "京", "最高法")),  # 北京互联网法院: 四中院
        ("京73", ("京73", "京", "最高法")),  # 北京知识产权法院: directly under the high court
        ("京74", ("京74", "京", "最高法")),  # 北京金融法院
        ("沪0115", ("沪0115", "沪01", "沪", "最高法")),  # 浦东: 上海一中院
        ("最高法", ("最高法",)),
    ],
)
def test_the_chain_of_a_court_is_the_registrys(court: str, chain: tuple[str, ...]) -> None:
    assert REGISTRY.chain(court) == chain


def test_the_prefix_rule_was_wrong_for_chaoyang() -> None:
    """Why the registry: the code's prefix puts 京0105 under 京01."""
    assert prefix_chain("京0105")[1] == "京01" != REGISTRY.chain("京0105")[1]


def test_a_subtree_is_the_registrys() -> None:
    jing03 = REGISTRY.subtree("京03")
    assert {"京03", "京0105", "京0112", "京0113"} <= jing03  # 朝阳, 通州, 顺义
    assert "京0108" not in jing03 and "京01" not in jing03
    assert "京0105" not in REGISTRY.subtree("京01")
    assert REGISTRY.scope("最高法") is None  # every case, whatever its court


def test_a_table_that_is_not_one_tree_is_refused() -> None:
    top = Court(code="最高法", name="最高人民法院", level="最高", parent_code=None)
    high = Court(code="京", name="北京市高级人民法院", level="高级", parent_code="最高法")
    orphan = Court(code="京09", name="不存在的中院", level="中级", parent_code="京99")
    with pytest.raises(ValueError, match="不在表中"):
        CourtRegistry([top, high, orphan])
    with pytest.raises(ValueError, match="重复"):
        CourtRegistry([top, high, high])
    a = Court(code="甲", name="甲", level="中级", parent_code="乙")
    b = Court(code="乙", name="乙", level="中级", parent_code="甲")
    with pytest.raises(ValueError, match="成环"):
        CourtRegistry([top, a, b])
    with pytest.raises(ValueError, match="没有上级法院"):
        CourtRegistry([top, high.model_copy(update={"parent_code": None})])


def test_a_bad_csv_row_is_refused_with_its_line() -> None:
    good = "code,name,level,parent_code\n最高法,最高人民法院,最高,\n"
    assert [c.code for c in read_courts_csv(good)] == ["最高法"]
    with pytest.raises(ValueError, match="第 3 行"):
        read_courts_csv(good + "京,北京市高级人民法院,省级,最高法\n")  # no such level
    with pytest.raises(ValueError, match="缺少列"):
        read_courts_csv("code,name\n最高法,最高人民法院\n")


def test_who_may_read_list_and_urge_follows_the_chain() -> None:
    chaoyang, haidian = REGISTRY.chain("京0105"), REGISTRY.chain("京0108")
    assert may_read(supervisor("京03"), chaoyang) and not may_read(supervisor("京01"), chaoyang)
    assert may_read(supervisor("京01"), haidian) and not may_read(supervisor("京03"), haidian)
    assert may_read(supervisor("京"), chaoyang) and may_read(supervisor("最高法"), chaoyang)
    assert may_list(supervisor("京03"), chaoyang) and not may_list(supervisor("京01"), chaoyang)
    # 催办 and 督办 come from a court strictly above the case's
    assert may_issue(supervisor("京03"), chaoyang, "urge")
    assert not may_issue(supervisor("京01"), chaoyang, "urge")
    assert may_issue(supervisor("京01"), haidian, "open_supervision")
    assert not may_issue(supervisor("京0105"), chaoyang, "urge")  # not above itself


def test_a_filing_takes_the_current_edition_and_the_registrys_chain() -> None:
    bare = samples.file_case(  # as a client sends it: no edition, no chain
        "(2026)京0108执7号", date(2026, 3, 2), court_code="京0108", edition=BASELINE, court_chain=()
    )
    filed = under_current_rules(bare, REGISTRY)
    assert (filed.edition, filed.court_chain) == (CURRENT, ("京0108", "京01", "京", "最高法"))


def test_a_filing_for_a_court_the_registry_does_not_hold_is_refused() -> None:
    unknown = samples.file_case(
        "(2026)京0208执7号", date(2026, 3, 2), court_code="京0208", edition=BASELINE
    )
    with pytest.raises(DomainError) as refused:
        under_current_rules(unknown, REGISTRY)
    assert refused.value.code == "court.unknown" and "不在法院名录中" in refused.value.zh


def test_a_filing_of_the_current_edition_needs_a_well_formed_chain() -> None:
    for chain in ((), ("京0108", "京01", "京"), ("京0105", "京01", "京", "最高法")[1:]):
        with pytest.raises(ValidationError, match="法院链"):
            samples.file_case("(2026)京0105执7号", date(2026, 3, 2), court_chain=chain)


@pytest.mark.parametrize(
    ("court", "edition", "above"),
    [
        ("京0105", CURRENT, "京03"),
        ("京0108", CURRENT, "京01"),
        ("京0105", BASELINE, "京01"),  # edition 1 replays as it ran: the prefix (editions.py)
    ],
)
def test_level_3_goes_to_the_court_above_in_the_chain_and_opens_its_supervision(
    court: str, edition: int, above: str
) -> None:
    """Level 3 of a case deadline (10 days past due, DOMAIN.md's escalation ladder) reaches the
    court above the case's in its recorded chain, which opens the automatic 督办 once."""
    overrides = {"court_code": court, "case_number": f"(2026){court}执9号", "edition": edition}
    if edition == BASELINE:
        overrides["court_chain"] = ()
    case = given(filed(date(2026, 3, 2), **overrides))
    # 执行通知书 within 10 days: filed Mon 03-02, counted from 03-03, due Thu 03-12 (a workday)
    assert deadline(case.state, "notice.issue").due_on == date(2026, 3, 12)
    then = case.when(later(date(2026, 3, 23))).then()  # level 3: 03-12 + 10 days = 03-22
    escalated = {
        e.notify_court_code
        for e in then.new_events
        if e.type == "deadline_escalated" and e.level == 3
    }
    assert escalated == {above}
    opened = [e for e in then.new_events if e.type == "supervision_opened"]
    assert [(e.supervising_court_code, e.automatic) for e in opened] == [(above, True)]

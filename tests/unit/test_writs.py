"""The documents (文书, domain/writs.py) as the rules issue them and the writ office renders
them: each read back out of its PDF (pypdf) for its court, case number, parties, amounts in
capitals and figures, date in Chinese and legal basis; 大写金额 against hand-written cases."""

from __future__ import annotations

import io
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from pypdf import PdfReader

from activities.writs import render_pdf
from domain.effects import WritOrder, effects_of
from domain.money import yuan_in_capitals
from domain.registry import offered
from domain.writs import date_in_chinese
from tests.unit.gwt import (
    INTEGRATION,
    Do,
    asset_found,
    close_case,
    complete_asset_search,
    consumption_restriction,
    filed,
    freeze_asset,
    given,
    heard_and_signed_off,
    issue_notice,
    request_asset_search,
    terminate,
)

COURT_NAME = "北京市朝阳区人民法院"  # 京0105 in store/data/courts.csv

# Written by hand from 《正确填写票据和结算凭证的基本规定》 (the zeros, 整, 壹拾), not computed.
CAPITALS = [
    (10_000_00, "壹万元整"),
    (1_005_07, "壹仟零伍元零柒分"),  # zeros inside: one 零; 角 zero, 分 not: 零 after 元
    (100_000_000_10, "壹亿元零壹角"),  # 元位 zero before a 角: the 零 is written
    (50, "伍角"),  # stops at 角: no 整
    (12_345_67, "壹万贰仟叁佰肆拾伍元陆角柒分"),
    (0, "零元整"),
    (7, "柒分"),
    (15_80, "壹拾伍元捌角"),  # a leading 1 in the tens keeps its 壹
    (10_00, "壹拾元整"),
    (1_409_50, "壹仟肆佰零玖元伍角"),
    (6_007_14, "陆仟零柒元壹角肆分"),  # a run of zeros: one 零
    (1_680_32, "壹仟陆佰捌拾元零叁角贰分"),
    (16_409_02, "壹万陆仟肆佰零玖元零贰分"),
    (325_04, "叁佰贰拾伍元零肆分"),
    (1_000_02, "壹仟元零贰分"),
    (100_500_00, "壹拾万零伍佰元整"),  # the 万 group's zero carries across 万
    (100_010_000_00, "壹亿零壹万元整"),
    (1_000_000_000_000_00, "壹万亿元整"),  # MAX_FEN
]


@pytest.mark.parametrize(("fen", "capitals"), CAPITALS)
def test_amounts_in_capitals_as_written_by_hand(fen: int, capitals: str) -> None:
    assert yuan_in_capitals(fen) == capitals


def test_capitals_refuse_what_is_no_amount() -> None:
    with pytest.raises(ValueError):
        yuan_in_capitals(-1)
    with pytest.raises(ValueError):
        yuan_in_capitals(10**14 + 1)
    with pytest.raises(TypeError):
        yuan_in_capitals(True)


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 12, 1), "二〇二六年十二月一日"),
        (date(2026, 3, 2), "二〇二六年三月二日"),
        (date(2026, 10, 10), "二〇二六年十月十日"),
        (date(2027, 1, 31), "二〇二七年一月三十一日"),
        (date(2030, 11, 20), "二〇三〇年十一月二十日"),
    ],
)
def test_dates_in_chinese(day: date, written: str) -> None:
    assert date_in_chinese(day) == written


def _writs(then_events: list, state) -> list[WritOrder]:  # type: ignore[no-untyped-def]
    return [x for e in then_events for x in effects_of(state, e) if isinstance(x, WritOrder)]


def _text(order: WritOrder) -> str:
    pdf = render_pdf(order.content, COURT_NAME)
    assert pdf.startswith(b"%PDF") and render_pdf(order.content, COURT_NAME) == pdf
    reader = PdfReader(io.BytesIO(pdf))
    fonts = [ref.get_object() for ref in reader.pages[0]["/Resources"]["/Font"].values()]
    cjk = [f for f in fonts if "WenQuanYiMicroHei" in f["/BaseFont"]]
    assert cjk, [f["/BaseFont"] for f in fonts]
    for font in cjk:  # the CJK font travels in the file (a TrueType subset)
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text)  # lines wrap anywhere in Chinese


MAR_2 = date(2026, 3, 2)
TERMINATION_DAY = date(2026, 6, 3)  # the first day more than three months after 03-02


def test_the_notice_the_report_order_the_restriction_and_the_termination_ruling() -> None:
    case = given(
        filed(on=MAR_2, principal_fen=12_345_67, other_fen=1_005_07, edition=2),
        issue_notice(),
        consumption_restriction(),
        request_asset_search(),
        complete_asset_search(),
        *heard_and_signed_off(),
        at=TERMINATION_DAY,
    )
    issued = _writs(case.scenario.events, case.state)
    then = case.when(terminate("经网络查控，未发现被执行人有可供执行的财产"))
    issued += _writs(then.new_events, then.state)
    number = then.state.case_number
    assert [w.content.title for w in issued] == [
        "执行通知书",
        "报告财产令",
        "限制消费令",
        "执行裁定书",
    ]
    assert [w.writ_key.split("#")[0] for w in issued] == [number] * 4
    notice, report, restriction, ruling = (_text(w) for w in issued)
    for text in (notice, report, restriction, ruling):
        assert COURT_NAME in text and number in text
        assert "申请执行人：张三" in text and "被执行人：北京某某科技有限公司" in text
        assert "(2025)京0105民初5678号" in text
    # 执行通知书: principal, other amounts and their total (¥13,350.74: 元位 zero before 角, 零)
    assert "人民币壹万贰仟叁佰肆拾伍元陆角柒分（¥12,345.67）" in notice
    assert "人民币壹仟零伍元零柒分（¥1,005.07）" in notice
    assert "人民币壹万叁仟叁佰伍拾元零柒角肆分（¥13,350.74）" in notice
    assert "二〇二六年三月二日向本院申请强制执行" in notice
    assert "《中华人民共和国民事诉讼法》第二百五十一条" in notice
    assert "二〇二六年六月三日" in notice  # issued with the givens at TERMINATION_DAY
    # 报告财产令
    assert "五日内" in report and "前一年的财产情况" in report
    assert "《中华人民共和国民事诉讼法》第二百五十二条" in report
    assert "《最高人民法院关于民事执行中财产调查若干问题的规定》第三条" in report
    # 限制消费令: what is still owed (nothing collected), the items, signed by the president
    assert "尚欠人民币壹万叁仟叁佰伍拾元零柒角肆分（¥13,350.74）" in restriction
    assert "购买不动产" in restriction and "本令由院长签发" in restriction
    assert "《中华人民共和国民事诉讼法》第二百六十六条" in restriction
    assert "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第一条" in restriction
    # 执行裁定书 (终本): the reason, the ruling, the applicant's right to apply again
    assert "经网络查控，未发现被执行人有可供执行的财产" in ruling
    assert "裁定如下" in ruling and f"终结{number}案件的本次执行程序" in ruling
    assert "已执行到位人民币零元整（¥0.00）" in ruling
    assert "第五百一十七条" in ruling and "终结本次执行程序的规定（试行）》第一条" in ruling
    assert "二〇二六年六月三日" in ruling


def test_the_assistance_notice_names_the_holder_the_asset_and_the_amount() -> None:
    case = given(
        filed(on=MAR_2),
        issue_notice(),
        request_asset_search(),
        complete_asset_search(),
        asset_found("DEP-1", kind="bank_deposit"),
        at=date(2026, 3, 10),
    )
    then = case.when(freeze_asset("DEP-1", period_days=365, amount_fen=10_000_00))
    [order] = _writs(then.new_events, then.state)
    assert order.content.title == "协助执行通知书" and order.content.addressee == "某银行"
    text = _text(order)
    assert "某银行：" in text and "冻结被执行人北京某某科技有限公司的下列财产" in text
    assert "bank_depositDEP-1" in text
    assert "冻结数额：人民币壹万元整（¥10,000.00）" in text
    assert "冻结期限：365日" in text
    assert "《中华人民共和国民事诉讼法》第二百五十三条" in text
    assert "二〇二六年三月十日" in text


def test_a_document_is_recorded_once_with_its_fingerprint() -> None:
    case = given(filed(on=MAR_2), issue_notice(), at=date(2026, 3, 3))
    [first, _] = _writs(case.scenario.events, case.state)
    record = {
        "type": "record_writ",
        "writ_key": first.writ_key,
        "kind": first.content.kind,
        "sha256": "ab" * 32,
        "size_bytes": 1234,
    }

    then = case.when(Do(lambda s, t: record, INTEGRATION)).then(events=["writ_issued"])
    issued = then.event("writ_issued")
    assert (issued.title, issued.sha256, issued.size_bytes) == ("执行通知书", "ab" * 32, 1234)
    assert then.state.writs[first.writ_key].cause_seq == int(first.writ_key.split("#")[1][0])
    case.when(Do(lambda s, t: record, INTEGRATION)).then_rejected("writ.already_recorded")
    other = {**record, "writ_key": "(2026)京0105执1号#2/1"}
    case.when(Do(lambda s, t: other, INTEGRATION)).then_rejected("writ.unknown")


def _notice_recorded(notice_seq: int) -> Do:
    """The writ office's answer for the 执行通知书 the notice (event `notice_seq`) ordered."""
    return Do(
        lambda s, t: {
            "type": "record_writ",
            "writ_key": f"{s.case_number}#{notice_seq}/1",
            "kind": "enforcement_notice",
            "sha256": "cd" * 32,
            "size_bytes": 2048,
        },
        INTEGRATION,
    )


def test_a_closed_case_records_a_document_the_writ_office_answers_late() -> None:
    """The notice ordered two documents; the case closed (撤回) before the writ office answered.
    Edition 4 (TRAIL) records them on the closed case, offered to the writ office alone; a case
    of edition 3 refuses the answer, as it always did (its histories replay unchanged)."""
    for edition in (4, 3):
        story = (
            filed(on=MAR_2, edition=edition),
            issue_notice(),
            close_case("withdrawn", "申请执行人撤回申请"),
        )
        case = given(*story, at=date(2026, 3, 3))
        assert case.state.status == "closed"
        notice_seq = next(e.seq for e in case.scenario.events if e.type == "notice_issued")
        answered = case.when(_notice_recorded(notice_seq))
        if edition == 3:
            assert offered(case.state) == []
            answered.then_rejected("stage.not_allowed")
            continue
        assert offered(case.state) == ["record_writ"]
        then = answered.then(events=["writ_issued"])
        issued = then.event("writ_issued")
        assert (issued.title, issued.cause_seq, issued.sha256) == (
            "执行通知书",
            notice_seq,
            "cd" * 32,
        )
        key = f"{case.state.case_number}#{notice_seq}/1"
        assert then.state.status == "closed" and then.state.writs.keys() == {key}
        # the same answer again: already recorded
        again = given(*story, _notice_recorded(notice_seq), at=date(2026, 3, 3))
        again.when(_notice_recorded(notice_seq)).then_rejected("writ.already_recorded")


def test_a_document_order_survives_continue_as_new_and_the_activity_boundary() -> None:
    """CaseRun carries a pending order across continue-as-new, and carry_out takes it as an
    ``Effect``: both read it back as the same WritOrder (the union has no discriminator)."""
    from pydantic import TypeAdapter

    from domain.effects import Effect
    from workflows.case_run import Pending

    case = given(filed(on=MAR_2), issue_notice(), at=date(2026, 3, 3))
    [order, _] = _writs(case.scenario.events, case.state)
    pending = Pending(cause_seq=2, effect=order)
    assert Pending.model_validate_json(pending.model_dump_json()) == pending
    adapter = TypeAdapter(Effect)
    assert adapter.validate_json(adapter.dump_json(order)) == order


def test_documents_rendered_at_once_are_each_the_document_rendered_alone() -> None:
    """The writ office renders in threads (`asyncio.to_thread`), and ReportLab's embedded font
    keeps its subset state in the font object every document shares: rendered together, two
    documents once raised KeyError in the font's subsetting (the soak's worker log). Each file
    must be, byte for byte, the file rendered alone (the record keeps its SHA-256)."""
    case = given(
        filed(on=MAR_2, principal_fen=12_345_67, other_fen=1_005_07, edition=2),
        issue_notice(),
        consumption_restriction(),
        at=TERMINATION_DAY,
    )
    orders = _writs(case.scenario.events, case.state) * 8
    alone = [render_pdf(o.content, COURT_NAME) for o in orders]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as on a loaded worker
    try:
        with ThreadPoolExecutor(max_workers=len(orders)) as pool:
            together = list(pool.map(lambda o: render_pdf(o.content, COURT_NAME), orders))
    finally:
        sys.setswitchinterval(interval)
    assert together == alone

"""The simulated filing desk of a receiving court (委托执行): one number per letter, for good."""

from datetime import date
from pathlib import Path

from activities.adapters import JsonlLog, SimulatedFilingDesk
from domain.commands import Basis, EntrustedFrom, Party
from domain.effects import EntrustmentLetter
from tests.samples import REGISTRY


def letter(key: str, court: str = "沪0115") -> EntrustmentLetter:
    return EntrustmentLetter(
        entrusted_from=EntrustedFrom(
            case_number="(2026)京0105执1号",
            court_code="京0105",
            letter_on=date(2099, 1, 5),
            letter_key=key,
        ),
        receiving_court_code=court,
        receiving_court_chain=REGISTRY.chain(court),
        reason="财产在上海",
        basis=Basis(kind="judgment", document_no="(2025)京0105民初1号"),
        applicants=[Party(party_id="A1", name="张三", kind="person")],
        respondents=[Party(party_id="R1", name="某公司", kind="company")],
        principal_fen=100,
    )


def test_a_letter_keeps_its_number_and_day_when_sent_again(tmp_path: Path) -> None:
    """A retried letter (the activity ran twice) finds its number again: the workflow it starts
    is the one already started (idempotent by workflow id); another letter takes the next."""
    desk = SimulatedFilingDesk(JsonlLog(tmp_path / "desk.jsonl", "letter_key"), "q")
    first = desk._number_and_day(letter("(2026)京0105执1号#5"))
    assert first == ("(2099)沪0115执9001号", date(2099, 1, 5))  # the letter's day, not before
    assert desk._number_and_day(letter("(2026)京0105执1号#5")) == first
    assert desk._number_and_day(letter("(2026)京0105执2号#7"))[0] == "(2099)沪0115执9002号"
    assert desk._number_and_day(letter("(2026)京0105执3号#7", "浙0102"))[0].endswith("执9001号")
    again = SimulatedFilingDesk(JsonlLog(tmp_path / "desk.jsonl", "letter_key"), "q")
    assert again._number_and_day(letter("(2026)京0105执1号#5")) == first  # another process

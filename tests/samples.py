"""The sample case every test files: one applicant, one company respondent, ¥1,000,000."""

from datetime import date
from typing import Any

from domain.commands import FileCase
from domain.editions import CURRENT
from store.courts import bundled_registry

REGISTRY = bundled_registry()


def file_case(case_number: str, filed_on: date, **overrides: Any) -> FileCase:
    """The sample filing under ``case_number``, of the current edition with its court chain from
    the bundled registry; ``overrides`` replace any field (court_code…)."""
    data: dict[str, Any] = {
        "type": "file_case",
        "case_number": case_number,
        "court_code": "京0105",
        "filed_on": filed_on.isoformat(),
        "basis": {"kind": "judgment", "document_no": "(2025)京0105民初5678号"},
        "applicants": [{"party_id": "A1", "name": "张三", "kind": "person"}],
        "respondents": [{"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}],
        "principal_fen": 100_000_000,
        "officer_id": "u-officer-1",
        "judge_id": "u-judge-1",
    }
    data.update(overrides)
    data.setdefault("edition", CURRENT)
    if "court_chain" not in data and data["court_code"] in REGISTRY:
        data["court_chain"] = REGISTRY.chain(data["court_code"])
    return FileCase.model_validate(data)


# 终本 (edition COURTS on, domain/dormant.py): the applicant told and heard, and its sign-off
HEAR_APPLICANT = {
    "type": "hear_applicant",
    "applicant_id": "A1",
    "informed": "已告知执行情况、财产调查措施、被执行人财产情况及终本的依据和法律后果",
    "opinion": "同意终本",
}
HEARD_AND_SIGNED_OFF = (
    HEAR_APPLICANT,
    {"type": "record_applicant_sign_off", "applicant_id": "A1"},
)

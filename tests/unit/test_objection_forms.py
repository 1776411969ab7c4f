"""The officer's forms for 执行异议: derived from the command models (web/forms.py); every
field has its Chinese label, and a filled form is the command."""

from __future__ import annotations

from datetime import date

import pytest

from domain.registry import COMMAND_MODELS
from web.forms import COMMAND_ADAPTER, _inputs, command_from_form
from web.labels import COMMAND_ZH

FILLED = {
    "file_objection": {
        "objection_id": "YY-1",
        "kind": "third_party",
        "objector": "赵六",
        "received_on": "2026-09-10",
        "grounds": "该房屋系案外人所有",
        "asset_id": "RE-1",
        "valuation_ground": "",
    },
    "register_objection": {"objection_id": "YY-1", "accepted": "on", "reason": ""},
    "rule_on_objection": {
        "objection_id": "YY-1",
        "outcome": "rejected",
        "panel.members": '["u-judge-2", "u-judge-3", "u-judge-4"]',
        "served_on": "2026-09-18",
        "reasons": "理由不成立",
    },
    "apply_for_reconsideration": {
        "objection_id": "YY-1",
        "applicant": "北京某某科技有限公司",
        "applied_on": "2026-09-20",
        "grounds": "不服",
    },
    "extend_reconsideration": {"objection_id": "YY-1", "days": "30", "approval_no": "京01执复1号"},
    "record_reconsideration_decision": {
        "objection_id": "YY-1",
        "outcome": "affirmed",
        "decided_on": "2026-10-20",
        "reasons": "维持",
    },
    "record_objection_suit": {
        "objection_id": "YY-1",
        "filed_on": "2026-09-25",
        "suit_case_number": "(2026)京0105民初88号",
    },
    "record_suit_judgment": {
        "objection_id": "YY-1",
        "judgment": "enforce",
        "judged_on": "2026-12-01",
    },
}


@pytest.mark.parametrize("command_type", sorted(FILLED))
def test_each_objection_command_has_a_chinese_form_that_builds_it(command_type: str) -> None:
    inputs = _inputs(COMMAND_MODELS[command_type], None, date(2026, 9, 10), "")
    assert [i.name for i in inputs] == list(FILLED[command_type])
    for item in inputs:
        assert item.label != item.name.rsplit(".", 1)[-1], f"{item.name}: no Chinese label"
        for value, text in item.options:
            assert text != value, f"{command_type}.{item.name}: option {value} has no label"
    assert COMMAND_ZH[command_type]
    form = {k: v for k, v in FILLED[command_type].items() if v}
    command = COMMAND_ADAPTER.validate_python(command_from_form(command_type, form))
    assert command.type == command_type


def test_a_rejected_objection_reads_as_rejected_not_as_refused() -> None:
    """驳回异议 (rule_on_objection) is not 不予受理 (the bankruptcy court's "rejected")."""
    [outcome] = [
        i
        for i in _inputs(COMMAND_MODELS["rule_on_objection"], None, date(2026, 9, 10), "")
        if i.name == "outcome"
    ]
    assert dict(outcome.options) == {
        "upheld": "异议成立",
        "rejected": "驳回异议",
        "not_accepted": "不予受理",
    }

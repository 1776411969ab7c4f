"""The officer's forms for issue 14's sanctions, in-kind difference and valuation commands
(edition 3). Derived from the command models (web/forms.py); every field has its Chinese label,
an option its Chinese name, and a filled form is the command."""

from __future__ import annotations

from datetime import date

import pytest

from domain.registry import COMMAND_MODELS
from web.forms import COMMAND_ADAPTER, _inputs, command_from_form
from web.labels import COMMAND_ZH, OPTION_ZH

FILLED = {
    "approve_sanction": {"sanction_id": "M7", "decision": "approved", "note": ""},
    "record_family_notified": {"sanction_id": "M7", "note": "电话通知其配偶"},
    "apply_for_sanction_review": {
        "sanction_id": "M7",
        "received_on": "2026-09-10",
        "grounds": "未妨害执行",
    },
    "record_sanction_review": {"sanction_id": "M7", "outcome": "revoked", "note": ""},
    "pay_in_kind_difference": {
        "asset_id": "RE-1",
        "amount_fen": "12000",
        "paid_on": "2026-09-10",
    },
    "serve_in_kind_ruling": {"asset_id": "RE-1", "served_on": "2026-09-10"},
    "forward_valuation_objection": {"asset_id": "RE-1", "forwarded_on": "2026-09-10"},
    "record_reissued_valuation": {
        "asset_id": "RE-1",
        "reference_price_fen": "820000",
        "received_on": "2026-09-10",
    },
}


@pytest.mark.parametrize("command_type", sorted(FILLED))
def test_each_new_command_has_a_chinese_form_that_builds_the_command(command_type: str) -> None:
    inputs = _inputs(COMMAND_MODELS[command_type], None, date(2026, 9, 10), "")
    assert [i.name for i in inputs] == list(FILLED[command_type])
    for item in inputs:
        assert item.label != item.name.rsplit(".", 1)[-1], f"{item.name}: no Chinese label"
    assert COMMAND_ZH[command_type]
    command = COMMAND_ADAPTER.validate_python(command_from_form(command_type, FILLED[command_type]))
    assert command.type == command_type


def test_the_new_options_and_fields_have_chinese_names() -> None:
    for option in ("standard", "method", "result"):
        assert OPTION_ZH[option]
    # "upheld" means 异议成立 for an objection: a sanction's options carry their own labels
    for command_type, name, labels in (
        ("approve_sanction", "decision", {"approved": "批准", "released": "解除拘留"}),
        ("record_sanction_review", "outcome", {"upheld": "维持", "revoked": "撤销"}),
    ):
        inputs = _inputs(COMMAND_MODELS[command_type], None, date(2026, 9, 10), "")
        [field] = [i for i in inputs if i.name == name]
        assert dict(field.options) == labels
    impose = [
        i.name for i in _inputs(COMMAND_MODELS["impose_measure"], None, date(2026, 9, 10), "")
    ]
    assert {"act", "emergency"} <= set(impose)

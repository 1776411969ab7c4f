"""The officer's forms for 执转破 under edition 2 (issue 17): the panel's agreement, the
president's signature, the receipt of the materials. Derived from the command models
(web/forms.py); every field has its Chinese label, and a filled form is the command."""

from __future__ import annotations

from datetime import date

import pytest

from domain.registry import COMMAND_MODELS
from web.forms import COMMAND_ADAPTER, _inputs, command_from_form
from web.labels import COMMAND_ZH

NEW = {
    "agree_bankruptcy_transfer": {"panel.members": '["u-judge-1", "u-judge-2", "u-judge-3"]'},
    "sign_bankruptcy_transfer": {"receiving_court_code": "京01"},
    "record_bankruptcy_materials_received": {"received_on": "2026-09-10"},
}


@pytest.mark.parametrize("command_type", sorted(NEW))
def test_each_new_command_has_a_chinese_form_that_builds_the_command(command_type: str) -> None:
    inputs = _inputs(COMMAND_MODELS[command_type], None, date(2026, 9, 10), "")
    assert [i.name for i in inputs] == list(NEW[command_type])
    for item in inputs:
        assert item.label != item.name.rsplit(".", 1)[-1], f"{item.name}: no Chinese label"
    assert COMMAND_ZH[command_type]
    command = COMMAND_ADAPTER.validate_python(command_from_form(command_type, NEW[command_type]))
    assert command.type == command_type

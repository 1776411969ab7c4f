"""The registry of commands and the fold's appliers are complete and agree with the contract: a
command without a facet, a label for a command that does not exist, or an event nobody folds
fails here."""

from __future__ import annotations

import re
import typing

from domain import events as ev
from domain import registry
from domain.commands import Command, Role
from domain.fold import APPLIERS
from domain.labels import EVENT_ZH
from domain.state import Status

CJK = re.compile(r"[\u4e00-\u9fff]")
STATUSES = set(typing.get_args(Status))
ROLES = set(typing.get_args(Role))
COMMAND_UNION = {
    model.model_fields["type"].default: model
    for model in typing.get_args(typing.get_args(Command)[0])
}
EVENT_TYPES = {
    model.model_fields["type"].default for model in typing.get_args(typing.get_args(ev.Event)[0])
}


def test_every_command_of_the_contract_has_exactly_one_entry() -> None:
    assert set(registry.COMMANDS) == set(COMMAND_UNION)
    for command_type, spec in registry.COMMANDS.items():
        assert spec.type == command_type
        assert COMMAND_UNION[command_type] is spec.command
        assert registry.COMMAND_MODELS[command_type] is spec.command


def test_every_entry_has_every_facet() -> None:
    for command_type, spec in registry.COMMANDS.items():
        assert CJK.search(spec.label_zh), f"{command_type}: no Chinese label"
        # a closed case takes only the writ office's record of a document (edition 4)
        closed_ok = {"record_writ"}
        assert spec.statuses and spec.statuses <= STATUSES, command_type
        assert command_type in closed_ok or "closed" not in spec.statuses, command_type
        assert spec.roles and spec.roles <= ROLES, command_type
        assert callable(spec.decide) and callable(spec.requires), command_type
        assert callable(spec.offer_when), command_type
    labels = [spec.label_zh for spec in registry.COMMANDS.values()]
    assert len(set(labels)) == len(labels), "two commands share a label"


def test_commands_from_above_are_for_supervisors_only() -> None:
    for spec in registry.COMMANDS.values():
        if spec.from_above:
            assert spec.roles == {"supervisor"}, spec.type


def test_every_event_is_folded_by_exactly_one_applier() -> None:
    assert set(APPLIERS) == EVENT_TYPES


def test_labels_name_only_what_exists() -> None:
    from web.forms import COMMAND_MODELS
    from web.labels import COMMAND_ZH

    assert set(COMMAND_ZH) == set(registry.COMMANDS) | {"file_case"}
    assert set(COMMAND_MODELS) == set(registry.COMMANDS)
    assert set(EVENT_ZH) == EVENT_TYPES

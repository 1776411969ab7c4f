"""Forms for the action panel, derived from the command models themselves (domain/commands.py).

Each command's pydantic model gives the fields, their types and constraints; this module turns
them into HTML inputs (with `required`, `min`, `max`, `maxlength`, `pattern` for the browser's
own validation) and turns a submitted form back into the command's JSON, which the same model
then validates. Amounts (`*_fen`) are entered in yuan and converted to integer fen here.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from domain.commands import Command
from domain.registry import COMMAND_MODELS
from domain.snapshot import CaseSnapshot
from web.labels import FIELD_ZH, OPTION_ZH

COMMAND_ADAPTER: TypeAdapter[Any] = TypeAdapter(Command)
# Filled by the server, never typed in: the receiving court's chain comes from the court registry
# (domain.entrustment.with_receiving_chain).
SERVER_FILLED = frozenset({"receiving_court_chain"})


class FormError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass
class Input:
    name: str  # form name; nested fields are "asset.kind"
    label: str
    widget: Literal[
        "text", "textarea", "number", "money", "date", "checkbox", "checkboxes", "select", "json"
    ]
    required: bool
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(base type, constraint metadata, optional?)"""
    optional = False
    metadata: list[Any] = []
    while True:  # Annotated[...] and X | None, nested either way
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation = args[0]
            for extra in args[1:]:
                metadata.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(members) < len(typing.get_args(annotation))
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, metadata, optional


def _constraints(metadata: list[Any]) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for item in metadata:
        if isinstance(item, annotated_types.Gt):
            attrs["min"] = str(item.gt + 1) if isinstance(item.gt, int) else str(item.gt)
        elif isinstance(item, annotated_types.Ge):
            attrs["min"] = str(item.ge)
        elif isinstance(item, annotated_types.Le):
            attrs["max"] = str(item.le)
        elif isinstance(item, annotated_types.MaxLen):
            attrs["maxlength"] = str(item.max_length)
        elif isinstance(item, annotated_types.MinLen):
            attrs["minlength"] = str(item.min_length)
        elif getattr(item, "pattern", None):
            attrs["pattern"] = str(item.pattern).lstrip("^").rstrip("$")
    return attrs


def _choices(name: str, snap: CaseSnapshot | None) -> list[tuple[str, str]]:
    """Known ids from the snapshot for an id field (the engine still checks them)."""
    if snap is None:
        return []
    parties = [*snap.parties.applicants, *snap.parties.respondents]
    if name == "asset_id":
        return [(a.asset_id, f"{a.asset_id} {a.description}") for a in snap.assets]
    if name in ("party_id", "owner_party_id", "consenting_party_id"):
        return [(p.party_id, f"{p.party_id} {p.name}") for p in parties]
    if name == "respondent_id":
        return [(p.party_id, f"{p.party_id} {p.name}") for p in snap.parties.respondents]
    if name == "applicant_id":
        return [(p.party_id, f"{p.party_id} {p.name}") for p in snap.parties.applicants]
    if name == "document_id":
        return [(d.document_id, d.document_id) for d in snap.documents if d.served_on is None]
    if name == "search_id":
        return [(s.search_id, s.search_id) for s in snap.searches if s.state == "pending"]
    if name == "obstruction_id":
        return [(o.obstruction_id, f"{o.obstruction_id} {o.obstructor}") for o in snap.obstructions]
    if name == "lead_id":
        return [(x.lead_id, f"{x.lead_id} {x.description[:20]}") for x in snap.leads]
    if name == "measure_id":  # the listings a deletion may name
        return [
            (m.measure_id, f"{m.measure_id} {m.party_id}")
            for m in snap.measures
            if m.measure == "dishonest_list" and m.deleted_on is None
        ]
    if name == "sanction_id":  # the fines and detentions (domain/sanctions.py)
        return [
            (m.measure_id, f"{m.measure_id} {OPTION_ZH.get(m.measure, m.measure)} {m.party_id}")
            for m in snap.measures
            if m.measure in ("fine", "detention")
        ]
    if name == "period_id":
        return [
            (p.period_id, f"{p.period_id} {OPTION_ZH.get(p.kind, p.kind)}")
            for p in snap.time_limit.excluded_periods
            if p.ended_on is None
        ]
    if name == "auction_id":
        return [
            (a.auction_id, f"{a.auction_id}（{asset.asset_id}）")
            for asset in snap.assets
            for a in asset.auctions
            if a.outcome == "scheduled"
        ]
    if name == "distribution_id":
        return [(d.distribution_id, d.distribution_id) for d in snap.distributions if not d.settled]
    if name == "against_payout_id":
        return [
            (p.payout_id, f"{p.payout_id} {p.allocation.claimant_id}")
            for d in snap.distributions
            for p in d.payouts
            if not p.paid
        ]
    if name == "objector_id":
        joined = [j.creditor for j in snap.joined]
        return [(p.party_id, f"{p.party_id} {p.name}") for p in [*parties, *joined]]
    if name == "objection_id":
        return [
            (o.objection_id, f"{o.objection_id} {o.objector}（{OPTION_ZH.get(o.kind, o.kind)}）")
            for o in snap.objections
            if o.state != "closed"
        ]
    return []


def _inputs(
    model: type[BaseModel], snap: CaseSnapshot | None, today: date, prefix: str
) -> list[Input]:
    inputs: list[Input] = []
    command_type = model.model_fields["type"].default if "type" in model.model_fields else ""
    for name, info in model.model_fields.items():
        if name == "type" or name in SERVER_FILLED:
            continue
        base, metadata, optional = _unwrap(info.annotation)
        metadata = [*metadata, *info.metadata]
        required = info.is_required() and not optional
        label = FIELD_ZH.get(f"{command_type}.{name}") or FIELD_ZH.get(name, name)
        full = prefix + name
        default = info.get_default() if not info.is_required() else None
        value = "" if default is None or isinstance(default, list) else str(default)
        attrs = _constraints(metadata)
        if isinstance(base, type) and issubclass(base, BaseModel):
            inputs.extend(_inputs(base, snap, today, full + "."))
            continue
        if typing.get_origin(base) is list:
            (item,) = typing.get_args(base)
            if typing.get_origin(item) is Literal:  # a set of options: one checkbox each
                options = [(str(v), OPTION_ZH.get(str(v), str(v))) for v in typing.get_args(item)]
                inputs.append(Input(full, label, "checkboxes", required, "", options))
                continue
            inputs.append(Input(full, label, "json", required, "[]" if not required else ""))
            continue
        if typing.get_origin(base) is Literal:
            options = [
                (
                    str(v),
                    OPTION_ZH.get(f"{command_type}.{name}:{v}") or OPTION_ZH.get(str(v), str(v)),
                )
                for v in typing.get_args(base)
            ]
            inputs.append(Input(full, label, "select", required, value, options))
            continue
        if base is bool:
            inputs.append(Input(full, label, "checkbox", False, "on" if default else ""))
            continue
        if base is date:  # an optional date starts empty: left so, the engine's default
            inputs.append(
                Input(full, label, "date", required, today.isoformat() if required else "")
            )
            continue
        if base is int and name.endswith("_fen"):
            money = {"step": "0.01", "min": "0.01" if attrs.get("min") == "1" else "0"}
            inputs.append(Input(full, label, "money", required, "", attrs=money))
            continue
        if base is int:
            inputs.append(Input(full, label, "number", required, value, attrs=attrs))
            continue
        # known ids as suggestions (a datalist): some id fields name a new thing
        suggestions = _choices(name, snap)
        long_text = int(attrs.get("maxlength", "0")) > 500
        widget: Literal["text", "textarea"] = "textarea" if long_text else "text"
        inputs.append(Input(full, label, widget, required, value, suggestions, attrs))
    return inputs


def command_form(command_type: str, snap: CaseSnapshot | None, today: date) -> list[Input]:
    return _inputs(COMMAND_MODELS[command_type], snap, today, "")


def _fen(field_name: str, raw: str) -> int:
    try:
        amount = Decimal(raw.replace(",", "").strip())
    except InvalidOperation:
        raise FormError(field_name, "金额格式不正确") from None
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise FormError(field_name, "金额最多两位小数（分）")
    return int(fen)


ON = ("on", "true", "1")  # a ticked checkbox


def command_from_form(command_type: str, form: dict[str, str]) -> dict[str, Any]:
    """The command JSON from a submitted form (validation is the model's, afterwards)."""
    data: dict[str, Any] = {"type": command_type}
    for item in _inputs(COMMAND_MODELS[command_type], None, date.today(), ""):
        if item.widget == "checkboxes":  # "grounds:evasion" = "on" for each one ticked
            ticked = [v for v, _ in item.options if form.get(f"{item.name}:{v}") in ON]
            if ticked:
                data[item.name] = ticked
            continue
        raw = form.get(item.name, "")
        raw = raw.strip() if isinstance(raw, str) else raw
        if item.widget == "checkbox":
            value: Any = raw in ON
        elif raw == "":
            continue
        elif item.widget == "money":
            value = _fen(item.name, raw)
        elif item.widget == "number":
            try:
                value = int(raw)
            except ValueError:
                raise FormError(item.name, "须为整数") from None
        elif item.widget == "json":
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise FormError(item.name, f"JSON 格式错误：{exc.msg}") from None
        else:
            value = raw
        target = data
        *parents, leaf = item.name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return data

"""Hypothesis strategies drawn from the contract's JSON Schema (`zhixing schema`): what an
integrator reads is what the fuzz tests send. The subset pydantic emits is covered: objects with
required and optional properties, strings (const, enum, pattern, lengths, dates), integers with
bounds, booleans, arrays, anyOf/oneOf and local $refs.

`hostile=True` sends, now and then, a value the schema refuses (an amount of 10**30, a date in
year 9999, a string too long, the wrong type, an unknown field), so refusals are exercised too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]

HOSTILE: list[Any] = [
    10**30,
    -1,
    2**63,
    "9999-12-31",
    "1970-01-01",
    "",
    "x" * 3000,
    None,
    [],
    {"unexpected": True},
    "（2026）京0105执1号",
    "\x00",
    1.5,
]


def from_schema(schema: Schema, *, hostile: bool = False) -> st.SearchStrategy[Any]:
    definitions = schema.get("$defs", {})

    def build(node: Schema) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            return st.deferred(lambda: build(definitions[node["$ref"].split("/")[-1]]))
        for key in ("anyOf", "oneOf"):
            if key in node:
                return st.one_of([build(option) for option in node[key]])
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        kind = node.get("type")
        if kind == "object":
            return _object(node)
        if kind == "array":
            items = build(node.get("items", {}))
            return st.lists(
                items, min_size=node.get("minItems", 0), max_size=node.get("maxItems", 3)
            )
        if kind == "string":
            return _string(node)
        if kind == "integer":
            low = node.get("minimum", node.get("exclusiveMinimum", -1) + 1)
            high = node.get("maximum", low + 10**9)
            return st.integers(low, high)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        return st.none()

    def _object(node: Schema) -> st.SearchStrategy[dict[str, Any]]:
        properties = node.get("properties", {})
        # a constant (a union's discriminator, `type`) is always sent, though it has a default
        required = set(node.get("required", [])) | {
            n for n, p in properties.items() if "const" in p
        }
        always = {name: value(build(sub)) for name, sub in properties.items() if name in required}
        maybe = {
            name: value(build(sub)) for name, sub in properties.items() if name not in required
        }
        return st.fixed_dictionaries(always, optional=maybe)

    def value(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        if not hostile:
            return strategy
        return st.one_of(strategy, strategy, strategy, strategy, strategy, st.sampled_from(HOSTILE))

    return build(schema)


def _string(node: Schema) -> st.SearchStrategy[str]:
    if node.get("format") == "date":
        return st.dates(date(1999, 6, 1), date(2100, 6, 1)).map(date.isoformat)
    low, high = node.get("minLength", 0), min(node.get("maxLength", 40), 40)
    if "pattern" in node:
        return st.from_regex(node["pattern"], fullmatch=True).filter(
            lambda s: low <= len(s) <= high
        )
    return st.text(min_size=low, max_size=high)

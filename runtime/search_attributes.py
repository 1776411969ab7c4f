"""Custom search attributes of an enforcement case, for operators' live lists.

The dev server's SQL visibility allows about 10 Keyword, 3 Int, 3 Bool and 3 Datetime custom
attributes per namespace, so only what operators filter on lives here; the PostgreSQL
projections answer the heavier supervisor lists.
"""

from collections.abc import Collection

from temporalio.common import SearchAttributeIndexedValueType, SearchAttributeKey

from runtime.contract import WORKFLOW_TYPE

CASE_NUMBER = SearchAttributeKey.for_keyword("ZhixingCaseNumber")
COURT_CODE = SearchAttributeKey.for_keyword("ZhixingCourtCode")
STAGE = SearchAttributeKey.for_keyword("ZhixingStage")
STATUS = SearchAttributeKey.for_keyword("ZhixingStatus")
OFFICER = SearchAttributeKey.for_keyword("ZhixingOfficer")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("ZhixingNextDeadline")
ESCALATION_LEVEL = SearchAttributeKey.for_int("ZhixingEscalationLevel")
SUPERVISED = SearchAttributeKey.for_bool("ZhixingSupervised")  # 督办
OPEN_PETITIONS = SearchAttributeKey.for_int("ZhixingOpenPetitions")  # 涉执信访
# The case record refused the case's events (workflows/recorder.py rule 6): set while it does.
RECORD_BLOCKED = SearchAttributeKey.for_bool("ZhixingRecordBlocked")

ALL = (
    CASE_NUMBER,
    COURT_CODE,
    STAGE,
    STATUS,
    OFFICER,
    NEXT_DEADLINE,
    ESCALATION_LEVEL,
    SUPERVISED,
    OPEN_PETITIONS,
    RECORD_BLOCKED,
)

# SearchAttributeIndexedValueType -> the type names `temporal --search-attribute` accepts (and
# `zhixing temporal setup` and the preflight show).
CLI_TYPE_NAMES: dict[SearchAttributeIndexedValueType, str] = {
    SearchAttributeIndexedValueType.TEXT: "Text",
    SearchAttributeIndexedValueType.KEYWORD: "Keyword",
    SearchAttributeIndexedValueType.INT: "Int",
    SearchAttributeIndexedValueType.DOUBLE: "Double",
    SearchAttributeIndexedValueType.BOOL: "Bool",
    SearchAttributeIndexedValueType.DATETIME: "Datetime",
    SearchAttributeIndexedValueType.KEYWORD_LIST: "KeywordList",
}

# What `zhixing supervise list` shows without --query: running cases with an overdue deadline
# (escalated at least to level 1), under 督办, or whose record is blocked.
NEEDS_ATTENTION = (
    f"({ESCALATION_LEVEL.name} >= 1 OR {SUPERVISED.name} = true OR {RECORD_BLOCKED.name} = true)"
)


def _literal(value: str) -> str:
    """A string literal of the visibility query language."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _balanced(raw: str) -> bool:
    """Parentheses balance and quotes close outside string literals, so a raw query ANDed in
    parentheses cannot widen the scope it is joined to."""
    depth, quote, escaped = 0, "", False
    for ch in raw:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not quote


RUNNING = "ExecutionStatus = 'Running'"


def subtree_query(courts: Collection[str] | None, *conditions: str) -> str:
    """The visibility query of the cases of ``courts`` (a subtree of the court registry,
    ``CourtRegistry.scope``; None: every case) that meet every one of ``conditions``."""
    parts = [f"WorkflowType = {_literal(WORKFLOW_TYPE)}"]
    if courts is not None:
        codes = ", ".join(_literal(code) for code in sorted(courts))
        parts.append(f"{COURT_CODE.name} IN ({codes})")
    return " AND ".join([*parts, *conditions])


def list_query(courts: Collection[str] | None, raw: str | None = None) -> str:
    """The visibility query of a court's subtree: cases needing attention, or, with ``raw``,
    whatever ``raw`` selects within the subtree."""
    if raw is not None and raw.strip():
        if not _balanced(raw):
            raise ValueError("查询括号或引号不匹配 / unbalanced parentheses or quotes in --query")
        return subtree_query(courts, f"({raw})")
    return subtree_query(courts, RUNNING, NEEDS_ATTENTION)

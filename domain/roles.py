"""Who acts on a case: the roles, and the groups of roles the commands name (domain/registry.py).

Officers (承办人), judges, bureau heads (执行局长), vice-presidents (副院长) and presidents (院长)
act on their own court's cases; supervisors (督办人员) of a court above open, urge and close 督办;
integrations and the system answer the requests the case sent out.
"""

from domain.commands import Role

CASE_STAFF: frozenset[Role] = frozenset(
    {"officer", "judge", "bureau_head", "vice_president", "president"}
)
DECIDERS: frozenset[Role] = frozenset({"judge", "bureau_head", "vice_president", "president"})
ANSWERERS: frozenset[Role] = frozenset({"integration", "system"})
SUPERVISORS: frozenset[Role] = frozenset({"supervisor"})
PRESIDENT: frozenset[Role] = frozenset({"president"})

# A time-limit extension: the president (审限规定 2000 art. 5; 执行工作若干问题规定 item 63), or
# the president or a vice-president (2006 执行期限规定 art. 1). Edition 1 keeps the president
# alone (domain/procedure.py).
TIME_LIMIT_APPROVERS: frozenset[Role] = frozenset({"president", "vice_president"})

# Fines and detention need the president's approval (民事诉讼法 (2023) arts. 118-119); the bureau
# head signs for the president where the court has delegated it.
MEASURES_NEEDING_APPROVAL = frozenset({"fine", "detention", "exit_ban"})
MEASURE_APPROVERS: frozenset[Role] = frozenset({"bureau_head", "president"})

# A collegial panel's (合议庭) decision is recorded by its presiding judge: an objection's ruling,
# 终本's approval, 执转破's transfer (domain/objections.py, dormant.py, bankruptcy.py).
PRESIDING_JUDGE: frozenset[Role] = frozenset({"judge"})

"""Custom search attributes of an enforcement case, for operators' live lists.

The dev server's SQL visibility allows about 10 Keyword, 3 Int, 3 Bool and 3 Datetime custom
attributes per namespace, so only what operators filter on lives here; the PostgreSQL
projections answer the heavier supervisor lists.
"""

from temporalio.common import SearchAttributeKey

CASE_NUMBER = SearchAttributeKey.for_keyword("ZhixingCaseNumber")
COURT_CODE = SearchAttributeKey.for_keyword("ZhixingCourtCode")
STAGE = SearchAttributeKey.for_keyword("ZhixingStage")
STATUS = SearchAttributeKey.for_keyword("ZhixingStatus")
OFFICER = SearchAttributeKey.for_keyword("ZhixingOfficer")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("ZhixingNextDeadline")
ESCALATION_LEVEL = SearchAttributeKey.for_int("ZhixingEscalationLevel")
SUPERVISED = SearchAttributeKey.for_bool("ZhixingSupervised")  # 督办
OPEN_PETITIONS = SearchAttributeKey.for_int("ZhixingOpenPetitions")  # 涉执信访

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
)

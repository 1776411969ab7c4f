"""The courts above a court, by the court-code prefix rule (《关于人民法院案件案号的若干规定》):
京0105 is under 京01, which is under 京, which is under the Supreme People's Court (最高法).

Every rule that says "the court above" or "a court's subtree" asks here.
"""

SUPREME_COURT = "最高法"


def court_covers(supervising_court: str, court_code: str) -> bool:
    """A court sees its own cases and those of every court whose code starts with its own."""
    return supervising_court == SUPREME_COURT or court_code.startswith(supervising_court)


def is_above(supervising_court: str, court_code: str) -> bool:
    """A court strictly above another in the court-code tree (京01 above 京0105, not itself)."""
    return supervising_court != court_code and court_covers(supervising_court, court_code)


def higher_court(court_code: str) -> str:
    """京0105 → 京01 → 京 → 最高法."""
    if court_code == SUPREME_COURT:
        return court_code
    if len(court_code) > 3:
        return court_code[:3]
    if len(court_code) > 1:
        return court_code[:1]
    return SUPREME_COURT

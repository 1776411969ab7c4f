"""Editions of the rules (规则版本): which law a case is decided under.

A case runs for years; when a rule changes (a court of the registry instead of the code's
prefix, a collegial panel where one judge approved), the cases already running were decided
under the old one and their workflow histories must replay as they ran. So every case carries
the edition it was filed under (``FileCase.edition``, recorded in ``case_filed``), and a rule
that changed reads it: ``if d.case.edition >= COURTS: …``. A filing without an edition is of
edition 1 (every history recorded before editions existed). New filings take ``CURRENT``.
"""

from typing import Final, Literal

BASELINE: Final = 1
"""The rules of 2026-12-01 (the baseline of CONTRIBUTING.md)."""

COURTS: Final = 2
"""Issue 17: the court registry (the case's court chain recorded at filing, no prefix rule)."""

CONTESTED: Final = 3
"""Issue 14 (the contested paths of a case), so far: a pause or an extension of the time limit
counts from its nominal last day and is rolled off rest days once (not from the day already
rolled); each 终本 re-search is counted from the 终本 date (6, 12, 18 … months), rolled on its
own, not chained; fines within the statute's caps and fines and detention approved by the
president (domain/sanctions.py); the reference price's 6-month grace only after a first auction
announced within its validity (domain/disposal.py). Then: the act a fine or detention
punishes, not punished again; an emergency detention approved after the fact; the family told
within 24 hours; 复议 within 3 days decided in 5 (domain/sanctions.py); in-kind satisfaction
above the claim against the difference paid (domain/in_kind.py); an objection to a price
forwarded to the appraiser within 3 days, none to a negotiated or directed price, and an
expired, unused price re-issued within 15 days (domain/valuation.py); a deadline suspended
moves from its nominal last day (``nominal_on``, domain/procedure.py ``resume``)."""

TRAIL: Final = 4
"""A document the case issued is on its trail (全程留痕) even when the writ office answers after
the case closed: a closed case takes ``record_writ`` (domain/writs.py). Before, the answer was
refused and the document was kept in the record without its ``writ_issued``: the 协助执行通知书
of a freeze, or the notice, when the case closed before the writ office answered."""

Edition = Literal[1, 2, 3, 4]
CURRENT: Edition = TRAIL

"""`make bench` rewrites each bench's own section of docs/PERFORMANCE.md and nothing else."""

from pathlib import Path

from bench.sections import write_section

A = ("<!-- a_bench -->", "<!-- /a_bench -->")
B = ("<!-- b_bench -->", "<!-- /b_bench -->")


def test_a_section_is_rewritten_in_place_and_the_notes_around_it_stay(tmp_path: Path) -> None:
    doc = tmp_path / "PERFORMANCE.md"
    doc.write_text(
        f"{A[0]}\nold a\n{A[1]}\n\nNotes on a, by hand.\n\n{B[0]}\nold b\n{B[1]}\n\nOn b.\n",
        encoding="utf-8",
    )
    write_section(doc, *A, f"{A[0]}\nnew a\n{A[1]}")
    write_section(doc, *B, f"{B[0]}\nnew b\n{B[1]}")
    assert doc.read_text(encoding="utf-8") == (
        f"{A[0]}\nnew a\n{A[1]}\n\nNotes on a, by hand.\n\n{B[0]}\nnew b\n{B[1]}\n\nOn b.\n"
    )


def test_a_new_section_goes_at_the_end(tmp_path: Path) -> None:
    doc = tmp_path / "PERFORMANCE.md"
    doc.write_text(f"Notes.\n\n{A[0]}\na\n{A[1]}\n", encoding="utf-8")
    write_section(doc, *B, f"{B[0]}\nb\n{B[1]}")
    assert doc.read_text(encoding="utf-8") == f"Notes.\n\n{A[0]}\na\n{A[1]}\n\n{B[0]}\nb\n{B[1]}\n"


def test_a_report_into_a_folder_not_made_yet_makes_it(tmp_path: Path) -> None:
    doc = tmp_path / "reports" / "PERFORMANCE.md"
    write_section(doc, *A, f"{A[0]}\na\n{A[1]}")
    assert doc.read_text(encoding="utf-8") == f"{A[0]}\na\n{A[1]}\n"

"""Write the sample papers bundled in samples/ (run: python tests/make_samples.py samples).

They are made by our own generators so their content is known: a ruled delivery plan running
over pages, the same plan borderless with zebra shading, and a slide deck of commitments.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdfgen import Bullets, SectionRow, build_slide_pdf, build_table_pdf  # noqa: E402

HEADER = ["Area", "Deliverable", "Baseline 2023/24", "Aim by end 2024/25"]


def plan_rows() -> list:
    rows: list = [SectionRow("Governance and Strategy")]
    rows.append(["Governance", Bullets(["Establish the locality board", "Agree the Section 75 pooled budget*"]),
                 "Shadow board in place\n£260m pooled budget", "Board operational by end of Quarter 1"])
    rows.append(["", Bullets(["Publish a joint workforce strategy:", Bullets(["Recruitment", "Retention"])]),
                 "N/A", "First draft by end Q2 2024/25"])
    rows.append(SectionRow("Outcomes and performance standards"))
    topics = ["Elective recovery", "Urgent care", "Mental health", "Prevention", "Children and young people"]
    for i, topic in enumerate(topics):
        for k in range(4):
            rows.append([f"{i + 1}. {topic}" if k == 0 else "",
                         Bullets([f"Improve {topic.lower()} pathway {k + 1} so residents are seen sooner{'*' if k == 1 else ''}"]),
                         f"{52 + 3 * k}% seen within standard as at March 2024 ({1200 + 37 * k:,} people waiting)",
                         f"Reach {70 + 4 * k}% by March 2025\nReview progress quarterly with all partners"])
    return rows


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "sample_delivery_plan_ruled.pdf").write_bytes(build_table_pdf(
        HEADER, plan_rows(), style="ruled", title="Delivery Plan 2024/25",
        intro_paragraphs=["* marks an NHS Long-Term Plan requirement."], running_header="Sample ICB").pdf)
    (out / "sample_delivery_plan_borderless.pdf").write_bytes(build_table_pdf(
        HEADER, plan_rows(), style="zebra", font="Times-Roman", pagesize="A4", title="Delivery Plan 2024/25",
        running_header="Sample Council").pdf)
    (out / "sample_commitments_slides.pdf").write_bytes(build_slide_pdf(
        ["What we have committed to", "Plans in place to deliver"],
        [SectionRow("Give children the best start in life"),
         ["Reduce smoking in pregnancy", "Tobacco control plan"],
         ["Improve school readiness", "Early years strategy\nFamily hubs"],
         SectionRow("Live well"),
         ["Increase physical activity", "Active communities strategy"]],
        title="Shared outcome 1: Best start ~ Public Health input").pdf)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "samples"))

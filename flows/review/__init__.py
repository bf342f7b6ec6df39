"""The governance review report: per run, per document, what was extracted, what failed and
why, the quarantine, the warnings, the corrections applied, and a picture of every row's
source region. `build_review` is the entry point (see build.py)."""
from flows.review.build import MAX_PICTURES, REVIEW, ReviewResult, build_review

__all__ = ["MAX_PICTURES", "REVIEW", "ReviewResult", "build_review"]

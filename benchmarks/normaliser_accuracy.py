"""Exact accuracy per field of the normaliser over the hand-labelled strings.

The sets (tests/normalise_labels/, conventions in GUIDE.md there):
- tuned: real strings from ../shared/fixtures (gold CSVs and tables), developed against;
- held-out: 80 random corpus lines labelled before the normaliser was run on them;
- corpus-a ... corpus-m: 120 corpus strings each (indicator cells, table cells with figures or
  dates, text lines; at most 12 per document), labelled by labellers who saw only GUIDE.md,
  never the normaliser or its output. Labelled and scored in rounds, each set scored once
  before any rule was changed for it: a and b (then tuned on), c (then tuned on), d and e
  (then tuned on), f and g, h and i, j and k (each pair then tuned on), l and m (never tuned
  on: the unseen check).
Each line: {"text", "plan_year", "source", "expected": {field: value-or-null}}; null is an
answer like any other (the normaliser must not guess). "relabelled" says why an older label
was brought into line with GUIDE.md.

    python benchmarks/normaliser_accuracy.py [--misses]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalise import Typed, normalise_texts  # noqa: E402

LABELS = ROOT / "tests" / "normalise_labels"
SETS = {"tuned": LABELS / "tuned.jsonl", "held-out": LABELS / "heldout.jsonl",
        "corpus-a": LABELS / "corpus_a.jsonl", "corpus-b": LABELS / "corpus_b.jsonl",
        "corpus-c": LABELS / "corpus_c.jsonl", "corpus-d": LABELS / "corpus_d.jsonl",
        "corpus-e": LABELS / "corpus_e.jsonl", "corpus-f": LABELS / "corpus_f.jsonl",
        "corpus-g": LABELS / "corpus_g.jsonl", "corpus-h": LABELS / "corpus_h.jsonl",
        "corpus-i": LABELS / "corpus_i.jsonl", "corpus-j": LABELS / "corpus_j.jsonl",
        "corpus-k": LABELS / "corpus_k.jsonl", "corpus-l": LABELS / "corpus_l.jsonl",
        "corpus-m": LABELS / "corpus_m.jsonl"}
FIELDS = ("value", "unit", "comparator", "direction", "start", "end", "due")


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_all(rows: list[dict[str, Any]]) -> list[Typed]:
    """Typed readings in row order, one batch per plan year."""
    out: list[Typed | None] = [None] * len(rows)
    by_year: dict[int | None, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_year[row["plan_year"]].append(i)
    for year, indexes in by_year.items():
        for i, typed in zip(indexes, normalise_texts([rows[i]["text"] for i in indexes], year)):
            out[i] = typed
    return out  # type: ignore[return-value]


def got(typed: Typed, field: str) -> Any:
    value = getattr(typed, field)
    return value.isoformat() if isinstance(value, date) else value


def same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, float) and isinstance(actual, float):
        return abs(expected - actual) <= 1e-9 * max(1.0, abs(expected))
    return expected == actual


def score(rows: list[dict[str, Any]]) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """field -> (right, labelled), and one line per miss."""
    tally: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
    misses: list[str] = []
    for row, typed in zip(rows, read_all(rows)):
        for field, expected in row["expected"].items():
            actual = got(typed, field)
            tally[field][1] += 1
            if same(expected, actual):
                tally[field][0] += 1
            else:
                misses.append(f"{field}: want {expected!r} got {actual!r} | {row['text'][:110]!r}")
    return {f: (r, n) for f, (r, n) in tally.items() if n}, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    args = parser.parse_args()
    everything: list[dict[str, Any]] = []
    for name, path in SETS.items():
        if not path.exists():
            continue
        rows = load(path)
        everything += rows
        tally, misses = score(rows)
        report(f"{name}: {len(rows)} strings", tally)
        if args.misses:
            print("\n".join("    " + m for m in misses))
    report(f"all labelled sets: {len(everything)} strings", score(everything)[0])
    return 0


def report(title: str, tally: dict[str, tuple[int, int]]) -> None:
    print(title)
    for field, (right, n) in tally.items():
        print(f"  {field:<11} {right / n:7.1%}  ({right}/{n})")


if __name__ == "__main__":
    sys.exit(main())

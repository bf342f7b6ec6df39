"""Exact accuracy per field of the normaliser over the hand-labelled strings.

tests/normalise_labels/tuned.jsonl are real strings from ../shared/fixtures (gold CSVs and
tables) that the rules were developed against; heldout.jsonl is a random sample of corpus
lines labelled before the normaliser was run on them and never tuned on. Each line:
{"text", "plan_year", "source", "expected": {field: value-or-null}}; only the fields a line
names are scored, and null is an answer like any other (the normaliser must not guess).

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
SETS = {"tuned": LABELS / "tuned.jsonl", "held-out": LABELS / "heldout.jsonl"}
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
    for name, path in SETS.items():
        rows = load(path)
        tally, misses = score(rows)
        print(f"{name}: {len(rows)} strings")
        for field, (right, n) in tally.items():
            print(f"  {field:<11} {right / n:7.1%}  ({right}/{n})")
        if args.misses:
            print("\n".join("    " + m for m in misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

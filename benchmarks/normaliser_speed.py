"""Strings per second of the normaliser, beside baselines measured in the same run.

The strings are the labelled ones (tests/normalise_labels) made distinct by a running suffix,
so the reader's de-duplication cannot flatter the figure. Baselines: a plain regex pass
(finds figures and dates, reads nothing) and spaCy's tokenizer alone (`nlp.make_doc`), the
floor under any spaCy pipeline.

    python benchmarks/normaliser_speed.py [--n 20000]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.normaliser_accuracy import SETS, load  # noqa: E402
from normalise import normalise_texts  # noqa: E402
from normalise.rules import get_nlp  # noqa: E402

REGEX = re.compile(r"£?\d[\d,]*(?:\.\d+)?%?|\b(?:Q[1-4]|\d{2,4}/\d{2})\b|\b[A-Z][a-z]{2}-\d{2}\b")


def texts(n: int) -> list[str]:
    base = [row["text"] for path in SETS.values() if path.exists() for row in load(path)]
    return [f"{base[i % len(base)]} ({i})" for i in range(n)]


def rate(fn: Callable[[list[str]], object], items: list[str]) -> float:
    started = time.perf_counter()
    fn(items)
    return len(items) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="strings per run")
    args = parser.parse_args()
    items = texts(args.n)
    nlp = get_nlp()
    normalise_texts(items[:200], 2023)  # warm up: build the pipeline once
    regex = rate(lambda xs: [REGEX.findall(x) for x in xs], items)
    tokenizer = rate(lambda xs: [nlp.make_doc(x) for x in xs], items)
    normaliser = rate(lambda xs: normalise_texts(xs, 2023), items)
    print(f"{len(items)} distinct strings (mean {sum(map(len, items)) / len(items):.0f} chars)")
    print(f"  regex findall (baseline)     {regex:10,.0f} strings/s")
    print(f"  nlp.make_doc (baseline)      {tokenizer:10,.0f} strings/s")
    print(f"  normalise_texts              {normaliser:10,.0f} strings/s"
          f"  ({normaliser / tokenizer:.2f}x the tokenizer, {normaliser / regex:.3f}x the regex)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

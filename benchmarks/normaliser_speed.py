"""Strings per second of the normaliser, beside baselines measured in the same run.

The strings are the labelled ones (tests/normalise_labels), made distinct by a tag so that the
reader's de-duplication cannot flatter the figure; each run uses fresh tags (new words are new
lexemes, as in real documents). A letter tag keeps each string as it is (texts with nothing to
read are skipped, as in real use); a number tag sends every string through the whole pipeline
(the worst case). Baselines: a plain regex pass (finds figures and dates, reads nothing) and
spaCy's tokenizer alone (`nlp.make_doc`), the floor under any spaCy pipeline. All are timed
interleaved over several runs; the best and the median are printed, because this machine's
speed varies from run to run. `--cells` also times the distinct table cells of a curated folder.

    python benchmarks/normaliser_speed.py [--n 20000] [--runs 5] [--cells CURATED_DIR]
"""
from __future__ import annotations

import argparse
import re
import statistics
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


def texts(n: int, run: int = 0, numbered: bool = True) -> list[str]:
    """n distinct strings: each labelled string with a tag. A number tag ("(3.17)") sends every
    string through the whole pipeline (the worst case); a letter tag ("~zqx") keeps each
    string as it is, so strings with nothing to read are skipped as they are in real use."""
    base = [row["text"] for path in SETS.values() if path.exists() for row in load(path)]
    tag = (lambda i: f"({run}.{i})") if numbered else (lambda i: "~" + _letters(run * n + i))
    return [f"{base[i % len(base)]} {tag(i)}" for i in range(n)]


def _letters(number: int) -> str:
    """A tag made of letters no pattern word uses."""
    out = ""
    while True:
        number, digit = divmod(number, 4)
        out += "zqxj"[digit]
        if not number:
            return out


def rate(fn: Callable[[list[str]], object], items: list[str]) -> float:
    started = time.perf_counter()
    fn(items)
    return len(items) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="strings per run")
    parser.add_argument("--runs", type=int, default=5, help="runs, each on fresh strings")
    parser.add_argument("--cells", type=Path, metavar="CURATED",
                        help="also time the distinct table cells of a curated folder (papers run output)")
    args = parser.parse_args()
    nlp = get_nlp()
    normalise_texts(texts(200, -1), 2023)  # warm up: build the pipeline once
    rates: dict[str, list[float]] = {"regex": [], "tokenizer": [], "normaliser": [], "worst": []}
    for run in range(args.runs):  # interleaved, so a slow spell of the machine hits all of them
        rates["regex"].append(rate(lambda xs: [REGEX.findall(x) for x in xs], texts(args.n, 4 * run, False)))
        rates["tokenizer"].append(rate(lambda xs: [nlp.make_doc(x) for x in xs], texts(args.n, 4 * run + 1, False)))
        rates["normaliser"].append(rate(lambda xs: normalise_texts(xs, 2023), texts(args.n, 4 * run + 2, False)))
        rates["worst"].append(rate(lambda xs: normalise_texts(xs, 2023), texts(args.n, 4 * run + 3)))
    items = texts(args.n, numbered=False)
    best = {k: max(v) for k, v in rates.items()}
    print(f"{args.runs} runs of {len(items)} distinct strings (mean {sum(map(len, items)) / len(items):.0f} chars);"
          " best and median strings/s")
    for name, label in (("regex", "regex findall (baseline)"), ("tokenizer", "nlp.make_doc (baseline)"),
                        ("normaliser", "normalise_texts"), ("worst", "  every string numbered")):
        print(f"  {label:<26} {best[name]:10,.0f}  {statistics.median(rates[name]):10,.0f}")
    print(f"  normaliser / tokenizer: {best['normaliser'] / best['tokenizer']:.2f}x;"
          f" normaliser / regex: {best['normaliser'] / best['regex']:.3f}x")
    if args.cells:
        cells = table_cells(args.cells)
        runs = [rate(lambda xs: normalise_texts(xs, 2023), [f"{c} ~{_letters(run)}" for c in cells])
                for run in range(args.runs)]
        print(f"  {len(cells):,} distinct table cells of {args.cells}: best {max(runs):,.0f},"
              f" median {statistics.median(runs):,.0f} strings/s")
    return 0


def table_cells(curated: Path) -> list[str]:
    import pyarrow.parquet as pq  # only for --cells

    texts = (t for f in sorted(curated.glob("table_cells/**/*.parquet"))
             for t in pq.read_table(f, columns=["text"]).column("text").to_pylist())
    return list(dict.fromkeys(t for t in texts if t))


if __name__ == "__main__":
    sys.exit(main())

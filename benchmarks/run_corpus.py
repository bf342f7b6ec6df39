"""Run the pure extraction over every PDF of a folder (default ../shared/corpus) and report.

Prints one line per document (status, pages, tables, deliverables, seconds) and a summary
with pages/second. Exit status 1 when any document raised something other than the
DocumentError that marks unreadable input: that is a crash, and crashes are bugs.

    python benchmarks/run_corpus.py [FOLDER] [--workers N] [--json OUT]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.pipeline import DocumentError, extract_document  # noqa: E402


def run_one(path: str) -> dict:
    data = Path(path).read_bytes()
    started = time.perf_counter()
    result: dict = {"file": path, "bytes": len(data)}
    try:
        ex = extract_document(data, doc_id=hashlib.sha256(data).hexdigest(), source_name=Path(path).name)
        result.update(status=ex.document["status"], pages=ex.document["page_count"],
                      counts={k: len(v) for k, v in ex.datasets.items()})
    except DocumentError as exc:
        result.update(status="failed", reason=exc.reason)
    except Exception:  # a crash: reported, never hidden
        result.update(status="crash", reason=traceback.format_exc(limit=6))
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write every result here")
    args = ap.parse_args()
    files = sorted(str(p) for p in Path(args.folder).rglob("*") if p.suffix.lower() == ".pdf")
    if not files:
        print(f"no PDFs under {args.folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = []
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(run_one, f) for f in files]
        for future in as_completed(futures):
            r = future.result()
            results.append(r)
            counts = r.get("counts", {})
            print(f"{r['status']:7s} {r.get('pages') or 0:4d}p {counts.get('tables', 0):4d}t "
                  f"{counts.get('deliverables', 0):4d}d {r['seconds']:7.2f}s  {Path(r['file']).name[:90]}"
                  + (f"  -- {r['reason'].splitlines()[-1][:160]}" if r.get("reason") else ""), flush=True)
    wall = time.perf_counter() - started
    pages = sum(r.get("pages") or 0 for r in results)
    crashes = [r for r in results if r["status"] == "crash"]
    by_status: dict[str, int] = {}
    for r in results:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    print(f"documents={len(results)} pages={pages} wall={wall:.1f}s pages_per_s={pages / wall:.2f} "
          f"status={by_status} tables={sum(r.get('counts', {}).get('tables', 0) for r in results)} "
          f"deliverables={sum(r.get('counts', {}).get('deliverables', 0) for r in results)}")
    for r in crashes:
        print(f"CRASH {r['file']}\n{r['reason']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction speed over ../shared/corpus and the fixtures, against the cost of reading text alone.

One run prints:
  - end-to-end pages/s (extract_document per PDF, a process pool of 2 workers, then 1 worker:
    the scaling), with the workers' CPU seconds per page (timings on a shared machine are
    noisy; CPU per page is not);
  - pypdfium2's plain text pass and pdfplumber's plain text pass (`extract_text`) over the
    same pages, one process each, and the ratios;
  - peak RSS of extracting the 448-page Suffolk contract schedules in a fresh child process.

    python benchmarks/speed.py [--workers 2] [--repeat 1] [--text-every 1] [--profile]

--text-every K times the two text passes on every K-th page only (pdfplumber's pass is the
slow part of the run); --repeat N alternates N end-to-end runs per worker count and keeps the
best (the machine is shared: the share of their cores the workers got is printed); --profile adds a cProfile of one process extracting every fixture and
a sample of the corpus (where the time goes).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run_corpus import run_one  # noqa: E402

SHARED = ROOT.parent / "shared"
SUFFOLK = SHARED / "corpus" / "suffolk-libraries" / "suffolk-libraries_library-services-contract-schedules-public-version.pdf"
GIB = 1 << 30


def pdfs() -> list[Path]:
    folders = [SHARED / "corpus", SHARED / "fixtures"]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() == ".pdf")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def end_to_end(files: list[Path], workers: int) -> dict[str, float]:
    """extract_document over every file on a fresh pool; wall pages/s and worker CPU per page."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(run_one, map(str, sorted(files, key=lambda p: -p.stat().st_size))))
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    pages = sum(r.get("pages") or 0 for r in results)
    crashes = [r for r in results if r["status"] == "crash"]
    for r in crashes:
        print(f"CRASH {r['file']}\n{r['reason']}", file=sys.stderr)
    return {"pages": pages, "wall": wall, "pages_per_s": pages / wall, "cpu_ms_per_page": 1000 * cpu / max(pages, 1),
            "cpu_share": cpu / (wall * workers), "crashes": len(crashes), "documents": len(results)}


def _pdfium_text(path: Path, every: int) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        count = 0
        for index in range(0, len(doc), every):
            page = doc[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            count += 1
        return count
    finally:
        doc.close()


def _pdfplumber_text(path: Path, every: int) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        count = 0
        for index in range(0, len(pdf.pages), every):
            page = pdf.pages[index]
            page.extract_text()
            page.close()
            count += 1
        return count


def text_pass(files: list[Path], every: int, read: Callable[[Path, int], int]) -> dict[str, float]:
    """One process reading the plain text of every `every`-th page of each file."""
    started = time.process_time()
    wall_started = time.perf_counter()
    pages = 0
    for path in files:
        try:
            pages += read(path, every)
        except Exception:  # unreadable inputs are the extraction's business, not this pass's
            continue
    cpu = time.process_time() - started
    return {"pages": pages, "wall": time.perf_counter() - wall_started, "pages_per_cpu_s": pages / max(cpu, 1e-9),
            "pages_per_s": pages / max(time.perf_counter() - wall_started, 1e-9)}


def _extract_peak_rss(path: str) -> tuple[int, int]:
    """In a fresh process: RSS after imports, and peak RSS after extracting `path` (bytes)."""
    from extractors.pipeline import extract_document

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    data = Path(path).read_bytes()
    extract_document(data, doc_id="0" * 64, source_name=Path(path).name)
    return before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_rss(path: Path) -> tuple[int, int]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_extract_peak_rss, str(path)).result()


def profile(files: list[Path]) -> None:
    """cProfile of one process extracting the fixtures and every 8th corpus file."""
    sample = [p for p in files if "fixtures" in p.parts] + [p for p in files if "fixtures" not in p.parts][::8]
    profiler = cProfile.Profile()
    profiler.enable()
    for path in sample:
        run_one(str(path))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--text-every", type=int, default=1, help="time the text passes on every K-th page")
    ap.add_argument("--repeat", type=int, default=1, help="end-to-end runs per worker count; the best is kept")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    files = pdfs()
    if not files:
        print(f"no PDFs under {SHARED}", file=sys.stderr)
        return 2
    print(f"{len(files)} PDFs; load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    runs: dict[int, dict[str, float]] = {}
    for _ in range(args.repeat):  # alternated, so a burst of load elsewhere does not favour one
        for workers in sorted({args.workers, 1}, reverse=True):
            r = end_to_end(files, workers)
            print(f"end to end, {workers} worker(s): {r['pages']} pages in {r['wall']:.1f}s = {r['pages_per_s']:.1f} pages/s; "
                  f"{r['cpu_ms_per_page']:.1f} ms CPU/page; the workers got {100 * r['cpu_share']:.0f}% of their cores; "
                  f"{r['crashes']} crashes in {r['documents']} documents", flush=True)
            if workers not in runs or r["pages_per_s"] > runs[workers]["pages_per_s"]:
                runs[workers] = r
    pdfium_pass = text_pass(files, args.text_every, _pdfium_text)
    print(f"pypdfium2 text pass: {pdfium_pass['pages']} pages, {pdfium_pass['pages_per_s']:.1f} pages/s "
          f"({pdfium_pass['pages_per_cpu_s']:.1f} per CPU-s)", flush=True)
    plumber_pass = text_pass(files, args.text_every, _pdfplumber_text)
    print(f"pdfplumber text pass: {plumber_pass['pages']} pages, {plumber_pass['pages_per_s']:.1f} pages/s "
          f"({plumber_pass['pages_per_cpu_s']:.1f} per CPU-s)", flush=True)
    best = runs[args.workers]
    single = runs[1]
    print(f"ratios: end to end ({args.workers} workers) / pdfplumber text = {best['pages_per_s'] / plumber_pass['pages_per_s']:.2f}x; "
          f"end to end (1 worker) / pdfplumber text = {single['pages_per_s'] / plumber_pass['pages_per_s']:.2f}x; "
          f"pypdfium2 text / pdfplumber text = {pdfium_pass['pages_per_s'] / plumber_pass['pages_per_s']:.1f}x; "
          f"pypdfium2 text / end to end (1 worker) = {pdfium_pass['pages_per_s'] / single['pages_per_s']:.1f}x")
    print(f"scaling 1 -> {args.workers} workers: {best['pages_per_s'] / single['pages_per_s']:.2f}x; "
          f"CPU-bound capacity of {args.workers} free cores at {best['cpu_ms_per_page']:.1f} ms/page: "
          f"{1000 * args.workers / best['cpu_ms_per_page']:.0f} pages/s")
    if SUFFOLK.exists():
        before, peak = peak_rss(SUFFOLK)
        print(f"peak RSS extracting {SUFFOLK.name}: {peak / (1 << 20):.0f} MiB (interpreter and imports: "
              f"{before / (1 << 20):.0f} MiB; limit 1024 MiB) {'OK' if peak <= GIB else 'OVER'}")
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    if args.profile:
        profile(files)
    return 1 if any(r["crashes"] for r in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

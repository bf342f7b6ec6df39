"""Fuzz the extraction with damaged PDFs for a bounded time; report what escapes it.

    python benchmarks/fuzz_pdfs.py --minutes 10 [--seed 1] [--save fuzz-findings]

Seeds: ../shared/fixtures/*.pdf and samples/*.pdf (cut into windows of a few pages, so a case
takes a second, not a minute) and the PDFs the tests generate (tables, a scan, scripts and
attachments, unmapped fonts, absurd page sizes). Each case is a seed mutated at the object
level with pikepdf (odd values in dictionaries, page boxes and rotations, cycles, damaged or
hostile content-stream operators) and/or at the byte level (flips, truncation, chunks
duplicated or deleted, numbers changed). Every case runs `flows.worker.extract_file` under
the same isolation as a real run (flows/isolation.py), two at a time.

Outcomes: processed (ok / no_text), rejected (a DocumentError: the file is unreadable, said in
one line), and the findings: uncaught exceptions (any other exception: a bug to fix), worker
crashes, timeouts and memory-limit kills. Findings are saved with what was done to them.
Exit status 1 if any uncaught exception or crash was found.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from extractors.errors import DocumentError  # noqa: E402
from flows import worker  # noqa: E402
from flows.isolation import WorkerError, WorkerFailure, WorkerPool  # noqa: E402
from flows.limits import Limits, parse_size  # noqa: E402

FIXTURES = ROOT.parent / "shared" / "fixtures"
WINDOW_PAGES = 3
WINDOWS_PER_SEED = 4
SAVED_PER_SIGNATURE = 3

Mutator = Callable[[bytes, random.Random], bytes]


# -- seeds ----------------------------------------------------------------------------------

def generated_seeds() -> dict[str, bytes]:
    """The PDFs the tests build: tables in each style, and the readable hostile ones."""
    import badpdfs
    import pdfgen
    from make_samples import HEADER, plan_rows

    rows = plan_rows()[:8]
    return {
        "ruled": pdfgen.table_pdf(HEADER, rows, style="ruled", title="Delivery Plan 2024/25"),
        "zebra": pdfgen.table_pdf(HEADER, rows, style="zebra", font="Times-Roman", pagesize="A4"),
        "slides": pdfgen.slide_pdf(["What we have committed to", "Plans in place"],
                                   [["Reduce smoking", "Tobacco plan"], ["Improve readiness", "Family hubs"]],
                                   title="Shared outcome 1"),
        "image_only": badpdfs.image_only_pdf(dpi=40),
        "javascript_and_attachment": badpdfs.javascript_and_attachment(),
        "font_without_unicode_map": badpdfs.font_without_unicode_map(),
        "absurd_page_sizes": badpdfs.absurd_page_sizes(),
        "many_pages": badpdfs.many_pages(12),
        "owner_password": badpdfs.encrypted_pdf_owner_only(),
    }


def windows(name: str, data: bytes, pages: int = WINDOW_PAGES) -> dict[str, bytes]:
    """A long PDF as a few short ones: windows of `pages` pages spread over the document."""
    with pikepdf.open(io.BytesIO(data)) as src:
        total = len(src.pages)
        starts = sorted({round(i * max(total - pages, 0) / max(WINDOWS_PER_SEED - 1, 1))
                         for i in range(WINDOWS_PER_SEED)})
        out = {}
        for start in starts:
            with pikepdf.new() as part:
                part.pages.extend(src.pages[start:start + pages])
                buf = io.BytesIO()
                part.save(buf)
            out[f"{name}[p{start + 1}]"] = buf.getvalue()
    return out


def load_seeds() -> dict[str, bytes]:
    seeds = generated_seeds()
    for path in sorted([*FIXTURES.glob("*.pdf"), *(ROOT / "samples").glob("*.pdf")]):
        seeds.update(windows(path.stem, path.read_bytes()))
    return seeds


# -- byte-level mutations -------------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut somewhere; mostly with an end marker put back, so the cut passes the cheap check."""
    cut = data[: rng.randint(len(data) // 10, len(data) - 1)]
    return cut + b"\n%%EOF\n" if rng.random() < 0.7 else cut


def _span(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, 64 * 1024))


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng)
    at = rng.randrange(len(data))
    return data[:at] + data[start:end] * rng.choice([1, 2, 10]) + data[at:]


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng)
    return data[:start] + data[end:]


NUMBER = re.compile(rb"-?\d+")
ODD_NUMBERS = [b"0", b"-1", b"1", b"99999999", b"2147483648", b"18446744073709551616", b"1e30", b"3.3.3"]


def renumber(data: bytes, rng: random.Random) -> bytes:
    """Change a few numbers (lengths, offsets, object numbers, coordinates)."""
    matches = list(NUMBER.finditer(data))
    if not matches:
        return data
    out, last = [], 0
    for match in sorted(rng.sample(matches, min(len(matches), rng.randint(1, 6))), key=lambda m: m.start()):
        out += [data[last:match.start()], rng.choice(ODD_NUMBERS)]
        last = match.end()
    return b"".join(out) + data[last:]


BYTE_MUTATORS: dict[str, Mutator] = {
    "flip_bytes": flip_bytes, "truncate": truncate, "duplicate_chunk": duplicate_chunk,
    "delete_chunk": delete_chunk, "renumber": renumber,
}


# -- object-level mutations (pikepdf; applied to clean seeds only, never to damaged bytes) ---

def _odd_value(pdf: pikepdf.Pdf, obj: pikepdf.Object, rng: random.Random) -> object:
    return rng.choice([
        lambda: -1, lambda: 0, lambda: 2**31, lambda: 2**62, lambda: 1e30, lambda: -1e-30,
        lambda: pikepdf.Name("/Bogus"), lambda: pikepdf.Array([]), lambda: pikepdf.Dictionary(),
        lambda: pikepdf.Array([0, 0, -1, 1e9]), lambda: pikepdf.String("x" * 5000),
        lambda: pikepdf.Array([pikepdf.Array([pikepdf.Array([1])])]),
        lambda: obj if obj.is_indirect else pdf.Root,  # a cycle
    ])()


def mutate_objects(pdf: pikepdf.Pdf, rng: random.Random) -> str:
    """Put odd values under random keys of random dictionaries (or drop the keys)."""
    candidates = [o for o in pdf.objects if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream))]
    done = []
    for obj in rng.sample(candidates, min(len(candidates), rng.randint(1, 4))):
        keys = [k for k in obj.keys() if k not in ("/Length", "/Filter")]  # keep streams decodable
        if not keys:
            continue
        key = rng.choice(keys)
        if rng.random() < 0.2:
            del obj[key]
            done.append(f"del {key}")
        else:
            obj[key] = _odd_value(pdf, obj, rng)
            done.append(f"set {key}")
    return "objects: " + ", ".join(done)


def mutate_pages(pdf: pikepdf.Pdf, rng: random.Random) -> str:
    page = rng.choice(pdf.pages).obj
    change = rng.choice(["MediaBox", "CropBox", "Rotate", "Resources", "Contents", "UserUnit"])
    if change in ("MediaBox", "CropBox"):
        page[f"/{change}"] = pikepdf.Array([rng.choice([0, -1e9, 1e-9, 1e9, 14400, -5]) for _ in range(4)])
    elif change == "Rotate":
        page.Rotate = rng.choice([45, -90, 270, 3600, 2**31, 7])
    elif change == "Resources":
        del page.Resources
    elif change == "Contents":
        page.Contents = pikepdf.Array([page.Contents] * rng.choice([2, 50])) if "/Contents" in page else pdf.make_stream(b"")
    else:
        page.UserUnit = rng.choice([0, 1e5, -1])
    return f"page {change}"


OPERATORS = [
    b"1e30 0 0 1e30 0 0 cm", b"0 0 0 0 0 0 cm", b"q " * 3000, b"Q Q Q Q Q", b"[ " * 3000,
    b"BT /{font} 1e9 Tf (Deliverable) Tj ET", b"BT /{font} -12 Tf 0 Tz (Target) Tj ET", b"BT /Nope 12 Tf (x) Tj ET",
    b"BT /{font} 9 Tf [(a) -1e30 (b)] TJ ET", b"BI /W 100000 /H 100000 /BPC 8 /CS /RGB ID \x00\x01 EI",
    b"0 0 1e9 1e9 re f", b"-1e9 -1e9 2e9 2e9 re S", b"/Im0 Do", b"1 0 0 rg 10 10 0 0 re f", b"( unbalanced",
    b"<< /A [", b"BT /{font} 9 Tf 100 100 Td (" + b"W" * 20000 + b") Tj ET", b"10 10 m 20 20 l " * 2000 + b"S",
    b"BT /{font} 9 Tf 1 0 0 1 1e38 1e38 Tm (far) Tj ET", b"0.5 g 36 36 500 700 re f", b"\x00\xff\xfe",
]


def mutate_content(pdf: pikepdf.Pdf, rng: random.Random) -> str:
    """Damage a page's decoded content stream: flipped bytes, or odd operators spliced in."""
    page = rng.choice(pdf.pages)
    if "/Contents" not in page.obj:
        return "content: none"
    page.contents_coalesce()
    content = bytearray(page.obj.Contents.read_bytes())
    if content and rng.random() < 0.4:
        for _ in range(rng.randint(1, 10)):
            content[rng.randrange(len(content))] = rng.randrange(256)
        what = "flipped"
    else:
        fonts = list(page.obj.get("/Resources", {}).get("/Font", {}).keys()) or ["/F1"]
        op = rng.choice(OPERATORS).replace(b"{font}", str(rng.choice(fonts))[1:].encode())
        at = rng.choice([m.end() for m in re.finditer(rb"\n", content)] or [0])
        content[at:at] = op + b"\n"
        what = op[:24].decode("latin-1")
    page.obj.Contents = pdf.make_stream(bytes(content))
    return f"content: {what!r}"


OBJECT_MUTATORS: dict[str, Callable[[pikepdf.Pdf, random.Random], str]] = {
    "objects": mutate_objects, "pages": mutate_pages, "content": mutate_content,
}


def mutate_structure(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        said = rng.choice(list(OBJECT_MUTATORS.values()))(pdf, rng)
        buf = io.BytesIO()
        pdf.save(buf)
    return buf.getvalue(), said


# -- cases ----------------------------------------------------------------------------------

@dataclass
class Case:
    seed: str
    steps: list[str]
    data: bytes


def make_case(seeds: dict[str, bytes], rng: random.Random) -> Case:
    """A seed, mutated at the object level, the byte level, or both."""
    name = rng.choice(sorted(seeds))
    data, steps = seeds[name], []
    if rng.random() < 0.6:
        try:
            data, said = mutate_structure(data, rng)
            steps.append(said)
        except Exception as exc:  # noqa: BLE001 - a mutation pikepdf cannot save: use the seed
            steps.append(f"(object mutation not saved: {type(exc).__name__})")
    if rng.random() < 0.6 or len(steps) == 0:
        for _ in range(rng.randint(1, 3)):
            mutator = rng.choice(sorted(BYTE_MUTATORS))
            data = BYTE_MUTATORS[mutator](data, rng) or data
            steps.append(mutator)
    return Case(name, steps, data)


@dataclass
class Tally:
    """What the cases came to; findings grouped by signature."""

    outcomes: Counter[str] = field(default_factory=Counter)
    findings: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)


def outcome_of(pool: WorkerPool, case: Case, scratch: Path) -> tuple[str, str, str]:
    """(outcome, signature, detail) of one case."""
    path = scratch / f"{hashlib.sha256(case.data).hexdigest()}.pdf"
    path.write_bytes(case.data)
    try:
        extraction = pool.run(worker.extract_file, str(path), "f" * 64, path.name)
        return extraction.document["status"], "", ""
    except WorkerFailure as exc:
        kind = ("timeout" if "time limit" in exc.reason else "memory" if "memory limit" in exc.reason
                else "crash")
        return kind, exc.reason, exc.reason
    except DocumentError as exc:
        return "rejected", "", exc.reason
    except WorkerError as exc:
        return "uncaught", f"{exc.kind} at {deepest_frame(exc.remote_traceback)}", exc.remote_traceback
    finally:
        path.unlink(missing_ok=True)


def deepest_frame(traceback_text: str) -> str:
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', traceback_text)
    if not frames:
        return "?"
    file, line, function = frames[-1]
    return f"{'/'.join(Path(file).parts[-2:])}:{line} in {function}"


def fuzz(seeds: dict[str, bytes], minutes: float, seed: int, limits: Limits, save: Path,
         workers: int = 2) -> Tally:
    pool = WorkerPool(limits, workers=workers)
    tally = Tally()
    deadline = time.monotonic() + minutes * 60
    save.mkdir(parents=True, exist_ok=True)

    def loop(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
            while time.monotonic() < deadline:
                case = make_case(seeds, rng)
                outcome, signature, detail = outcome_of(pool, case, Path(scratch))
                with tally.lock:
                    tally.outcomes[outcome] += 1
                    if outcome in ("uncaught", "crash", "timeout", "memory"):
                        record(tally, save, outcome, signature, case, detail)
                    if sum(tally.outcomes.values()) % 100 == 0:
                        print(f"  {sum(tally.outcomes.values())} cases: {dict(tally.outcomes)}", flush=True)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def record(tally: Tally, save: Path, outcome: str, signature: str, case: Case, detail: str) -> None:
    """Keep the first few cases of each finding, with how they were made and what happened."""
    examples = tally.findings[(outcome, signature)]
    examples.append(case.seed)
    if len(examples) <= SAVED_PER_SIGNATURE:
        stem = save / f"{outcome}-{len(tally.findings):03d}-{len(examples)}"
        stem.with_suffix(".pdf").write_bytes(case.data)
        stem.with_suffix(".txt").write_text(f"seed: {case.seed}\nsteps: {case.steps}\n\n{detail}\n")


def report(tally: Tally, seconds: float, n_seeds: int, save: Path) -> int:
    total = sum(tally.outcomes.values())
    print(f"\nfuzz: {total} cases in {seconds:.0f} s from {n_seeds} seeds "
          f"({total / max(seconds, 1):.1f} cases/s)")
    for outcome in ("ok", "no_text", "rejected", "uncaught", "crash", "timeout", "memory"):
        print(f"  {outcome:<9} {tally.outcomes[outcome]}")
    for (outcome, signature), seeds in sorted(tally.findings.items()):
        print(f"  {outcome}: {signature} - {len(seeds)} cases (seeds: {', '.join(sorted(set(seeds))[:3])})")
    if tally.findings:
        print(f"findings saved in {save}/")
    return 1 if tally.outcomes["uncaught"] or tally.outcomes["crash"] else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to fuzz (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same cases")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per case (default 30)")
    parser.add_argument("--memory-limit", type=parse_size, default="1GiB", help="per case (default 1GiB)")
    parser.add_argument("--save", type=Path, default=Path("fuzz-findings"), help="where findings go")
    args = parser.parse_args(argv)
    seeds = load_seeds()
    print(f"fuzzing for {args.minutes:g} min, {len(seeds)} seeds, seed {args.seed}", flush=True)
    started = time.monotonic()
    tally = fuzz(seeds, args.minutes, args.seed, Limits(args.time_limit, args.memory_limit), args.save)
    return report(tally, time.monotonic() - started, len(seeds), args.save)


if __name__ == "__main__":
    sys.exit(main())

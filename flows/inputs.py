"""Which files a run reads: named files as they are, folders searched for PDFs."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def expand(paths: Iterable[str | Path]) -> list[str]:
    """Files named explicitly (whatever their suffix, so bad input gets reported), and every
    *.pdf (any case) under named folders, sorted; each file once, in first-named order.

    A path that does not exist is kept, so the run reports it as a failed document.
    """
    out: dict[str, None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
            out.update(dict.fromkeys(str(p) for p in sorted(found)))
        else:
            out[str(path)] = None
    return list(out)

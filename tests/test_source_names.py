"""Names and paths from a source are data, never file paths: what a run writes is addressed by
content (doc_id) and run id only, and a name is shown on one line, escaped."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from flows import cli, raw_store, run
from test_flows import make_pdf, write

HOSTILE_NAMES = [
    "line\nbreak.pdf", "escape\x1b[31mred.pdf", "..\\..\\windows\\x.pdf", "%2e%2e%2fetc%2fx.pdf",
    "-rf .pdf", ".hidden.pdf", "CON.pdf", "é" * 60 + ".pdf", "tab\there.pdf",
]
WRITTEN = [  # every file a run may write, relative to the raw store or the curated folder
    r"raw/[0-9a-f]{2}/[0-9a-f]{64}\.(pdf|json)",
    r"raw/_extracted/[0-9a-z.]+-[0-9a-f]{12}/[0-9a-f]{2}/[0-9a-f]{64}\.pickle",
    r"curated/[a-z_]+/[0-9a-f]{64}\.parquet",
    r"curated/_runs/\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{6}\.json",
    r"curated/data_docs/.*",
    r"curated/review/(index\.html|_thumbs/.*|\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{6}/.*)",
    r"curated/\.lock",
]


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_hostile_names_never_become_paths(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i, name in enumerate(HOSTILE_NAMES):
        write(workdir / "in" / name, make_pdf(f"Plan {i}", rows=1))
    code = cli.main(["run", "in", "--engine", "local"])
    out, err = capsys.readouterr()
    assert code == 0, err
    written = [p for p in files_under(workdir) if not p.startswith("in/")]
    assert written and all(any(re.fullmatch(pattern, p) for pattern in WRITTEN) for p in written), written
    assert not any(name in p for name in HOSTILE_NAMES for p in written)
    documents = pd.read_parquet(workdir / "curated" / "documents")
    assert sorted(documents["source_name"]) == sorted(HOSTILE_NAMES)  # kept as data, exactly
    # one line per document on the terminal: control characters are shown escaped
    assert len([line for line in err.splitlines() if line.startswith("ok ")]) == len(HOSTILE_NAMES)
    assert "line\\nbreak.pdf" in err and "escape\\x1b[31mred.pdf" in err and "\x1b" not in err + out


def test_a_path_no_file_can_have_fails_that_document_only(tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "plan.pdf", make_pdf("Plan A"))
    summary = run.run_ingest([str(good), str(tmp_path / "in" / "nul\x00.pdf"), "../../etc/x.pdf"],
                             str(tmp_path / "raw"), str(tmp_path / "curated"))
    assert [(d.file, d.status) for d in summary.documents] == [
        ("plan.pdf", "ok"), ("nul\x00.pdf", "failed"), ("x.pdf", "failed")]
    assert summary.documents[1].reason == "cannot read file (embedded null byte)"
    assert summary.documents[2].reason == "cannot read file (No such file or directory)"


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "ab", "A" * 64, "0" * 63 + "/", ""])
def test_the_raw_store_refuses_anything_but_a_digest(tmp_path: Path, doc_id: str) -> None:
    with pytest.raises(ValueError, match="not a document id"):
        raw_store.read(tmp_path, doc_id)

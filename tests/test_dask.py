"""The same flow on a Dask LocalCluster of two worker processes publishes what a serial run does."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from flows import cli
from schemas.registry import DATASETS
from test_flows import make_pdf, write

RUN_SPECIFIC = ["ingested_at"]  # when the run happened, not what it found


def _published(curated: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for name in DATASETS:
        if (curated / name).exists():
            frame = pd.read_parquet(curated / name).drop(columns=RUN_SPECIFIC, errors="ignore")
            out[name] = frame.sort_values(list(frame.columns[:4])).reset_index(drop=True)
    return out


@pytest.mark.timeout(600)
def test_a_dask_cluster_of_two_workers_publishes_what_a_serial_run_does(tmp_path: Path) -> None:
    pytest.importorskip("prefect_dask")
    for name in ("alpha", "beta", "gamma"):
        write(tmp_path / "in" / f"{name}.pdf", make_pdf(f"Plan {name}", rows=4))
    files = sorted(str(p) for p in (tmp_path / "in").glob("*.pdf"))
    serial = cli.execute(files, str(tmp_path / "serial" / "raw"), str(tmp_path / "serial" / "curated"), "local")
    on_dask = cli.execute(files, str(tmp_path / "dask" / "raw"), str(tmp_path / "dask" / "curated"), "prefect",
                          dask="local")
    assert on_dask.engine == "prefect" and on_dask.exit_code == serial.exit_code == 0
    assert [d.status for d in on_dask.documents] == ["ok", "ok", "ok"]
    a, b = _published(tmp_path / "serial" / "curated"), _published(tmp_path / "dask" / "curated")
    assert a.keys() == b.keys() and len(a["table_cells"]) == 3 * 20  # three 5 x 4 tables
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)

"""Test setup: import the project's packages and the PDF generators from any working directory;
an isolated, quiet Prefect home for the whole session.

The Prefect environment is set at import time because Prefect reads its settings when first
imported, and conftest is imported before any test module. One PREFECT_HOME per session means
the temporary Prefect server (when a test runs the flow) starts once, with a throwaway database.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SHARED = ROOT.parent / "shared"

_PREFECT_HOME = tempfile.mkdtemp(prefix="papers-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.pop("PREFECT_API_URL", None)  # never talk to a developer's real server
os.environ.pop("PREFECT_PROFILES_PATH", None)

from flows import prefect_env  # noqa: E402  (after the environment is set)

prefect_env.configure(quiet=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A scratch folder as the current directory, so CLI defaults (./raw, ./curated) land here."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path

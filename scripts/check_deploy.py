"""Start a throwaway local Prefect server, deploy prefect.yaml to it, list what was deployed.

    python scripts/check_deploy.py

Proves `prefect deploy` works from the repository's prefect.yaml: the process work pool is
created, both deployments register with their schedules, then the server is stopped. Nothing
outside a temporary PREFECT_HOME is touched. Exit status 0 on success.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POOL = "committee-papers"
DEPLOYMENTS = {"ingest/ingest-drop-folder", "ingest/backfill"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the Prefect server at {url} did not become healthy in {seconds:.0f} s")


def prefect(*args: str, env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, "-m", "prefect", "--no-prompt", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"prefect {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def main() -> int:
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PREFECT_HOME": home, "PREFECT_API_URL": url,
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
        server = subprocess.Popen([os.environ.get("PREFECT_SERVER_PYTHON", sys.executable), "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            started = time.monotonic()
            wait_healthy(url)
            print(f"server up at {url} in {time.monotonic() - started:.1f} s")
            prefect("work-pool", "create", POOL, "--type", "process", env=env)
            print(prefect("deploy", "--all", env=env).strip().splitlines()[-1])
            listed = json.loads(urllib.request.urlopen(urllib.request.Request(
                f"{url}/deployments/filter", data=b"{}", headers={"Content-Type": "application/json"},
                method="POST")).read())
            found = {f"ingest/{d['name']}": d for d in listed}
            for name in sorted(found):
                schedules = [s["schedule"].get("cron") for s in found[name].get("schedules", [])]
                print(f"deployed {name}: pool={found[name]['work_pool_name']} schedules={schedules}")
            missing = DEPLOYMENTS - set(found)
            if missing:
                print(f"missing deployments: {sorted(missing)}")
                return 1
            return 0
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())

"""Prefect settings for a quick, quiet in-process run, and a check that one can start.

With no PREFECT_API_URL, Prefect 3.8.8 starts a *temporary API server* in a subprocess
(uvicorn + SQLite under PREFECT_HOME) on the first flow call, and stops it at exit. That is
what `papers run` uses unless an API URL is configured. These defaults must be in the
environment before `prefect` is imported; values the user set are never overridden.
"""
from __future__ import annotations

import logging
import os
import warnings

DEFAULTS = {
    # allow the temporary server (also the default profile's choice)
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
    # its start takes 10-30 s on a busy 2-core machine; Prefect's 20 s default is too tight
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    # no network here: telemetry only logs an error per run
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the flow uses no blocks; registering them costs ~10 s on a fresh PREFECT_HOME
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
}
QUIET = {
    # the command line shows its own progress; Prefect's INFO lines would bury it
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def configure(*, quiet: bool = False) -> None:
    """Put the defaults in os.environ (before `import prefect`), keeping any the user set."""
    for name, value in {**DEFAULTS, **(QUIET if quiet else {})}.items():
        os.environ.setdefault(name, value)
    if quiet:  # GX routes warnings to logging, Prefect prints them: a library's notices are not the user's
        logging.getLogger("py.warnings").setLevel(logging.ERROR)


def server_problem() -> str | None:
    """Why no Prefect API can be had in this process, or None if one can (or is configured).

    Only known, cheap-to-detect problems: the temporary server is disabled, or its web
    framework is too new for it (prefect 3.8.8's server passes `min_items` to FastAPI's
    Body(), which FastAPI 0.155 removed; the server subprocess then dies at import and
    Prefect waits out the whole startup timeout before saying so).
    """
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:
        return None
    if not settings.server.ephemeral.enabled:
        return "no PREFECT_API_URL is set and Prefect's temporary server is disabled"
    try:
        from fastapi import Body, __version__ as fastapi_version

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Body(..., min_items=1)
    except TypeError:
        return (f"Prefect's temporary server cannot start with fastapi {fastapi_version} "
                "(prefect 3.8.8 needs fastapi<0.155)")
    except ImportError as exc:
        return f"Prefect's temporary server cannot start ({exc})"
    return None

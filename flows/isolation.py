"""Each document's extraction in a worker process of its own, under a wall-time and a memory limit.

Why: PDF libraries given a hostile file can loop for ever, inflate a stream until the machine
runs out of memory, or crash the interpreter outright (a C library's segfault). In a worker
that is one document's failure, reported in one line; the run goes on.

How: workers are forked from a forkserver that has already imported the extractors and built
the spaCy pipeline (`flows.worker_preload`), so a worker starts warm in milliseconds and never
inherits the run's threads (forking a threaded process can deadlock). The supervisor (the
calling thread) waits for the result, polls the worker's resident memory, and SIGKILLs it
when a limit is passed. A hard cap on address space (twice the memory limit) stops an
allocation too fast for the poll. At most `workers` workers run at once per pool.

A worker dies with the forkserver (PR_SET_PDEATHSIG) and the forkserver with the run, so a
run that is itself killed leaves no worker behind.
"""
from __future__ import annotations

import ctypes
import io
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing import connection, forkserver, get_context, popen_forkserver, reduction, spawn, util
from multiprocessing.context import ForkServerContext, ForkServerProcess, set_spawning_popen
from typing import Any, TypeVar

from extractors.errors import DocumentError
from flows.limits import Limits, format_seconds, format_size

T = TypeVar("T")

PRELOAD = ["flows.isolation", "flows.worker", "flows.worker_preload"]
POLL_SECONDS = 0.05  # how often the worker's memory is looked at
ADDRESS_SPACE_FACTOR = 2  # the hard cap, in memory limits above the worker's start-up size
PR_SET_PDEATHSIG = 1

_context_lock = threading.Lock()
_start_lock = threading.Lock()


class WorkerFailure(DocumentError):
    """The worker passed a limit or died: the document fails with this one-line reason."""


class WorkerError(Exception):
    """The function raised an unexpected exception in the worker, sent back as text."""

    def __init__(self, kind: str, message: str, remote_traceback: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind, self.message, self.remote_traceback = kind, message, remote_traceback


class WorkerPool:
    """Runs functions in supervised worker processes, `workers` at a time.

    Thread-safe: the run's threads (or Prefect's task runner threads) share one pool.
    `fn` and its arguments must pickle (a module-level function), and so must its result.
    """

    def __init__(self, limits: Limits | None = None, workers: int = 2) -> None:
        self.limits = limits or Limits()
        self.workers = workers
        self._slots = threading.BoundedSemaphore(workers)
        self._inline = False

    def __getstate__(self) -> dict[str, Any]:
        return {"limits": self.limits, "workers": self.workers}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A pool sent to another process (a Dask worker) runs functions in that process: there
        the cluster's own worker processes (restarted by their nanny, under its memory limit)
        are the isolation, and a daemonic Dask worker may not start processes of its own."""
        self.__init__(state["limits"], state["workers"])
        self._inline = True

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a fresh worker. Raises WorkerFailure (limit, crash), DocumentError
        (raised by fn) or WorkerError (anything else fn raised)."""
        with self._slots:
            if self._inline:
                return _run_inline(fn, args)
            return _supervise(fn, args, self.limits)


def _run_inline(fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    """fn(*args) here, its unexpected exceptions reported as a worker's would be."""
    try:
        return fn(*args)
    except DocumentError:
        raise
    except Exception as exc:
        raise WorkerError(type(exc).__name__, str(exc), traceback.format_exc()) from None


class _Popen(popen_forkserver.Popen):
    """The forkserver's Popen, minus re-running the parent's `__main__` in the worker.

    multiprocessing re-imports the main module in every worker so that functions defined
    there can be called. Workers here run only functions of importable modules, and
    re-importing a command's main module (`papers`, which imports the whole CLI) would cost
    seconds per document, or re-run a script that has no main guard. `_launch` is CPython
    3.11's own, with the main-module entries left out of the preparation data.
    """

    def _launch(self, process_obj: Any) -> None:
        prep_data = {key: value for key, value in spawn.get_preparation_data(process_obj._name).items()
                     if key not in ("init_main_from_name", "init_main_from_path")}
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Worker(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:  # noqa: N802 - multiprocessing's name
        return _Popen(process_obj)


def prestart() -> None:
    """Start the workers' forkserver now, without waiting for it: it loads the extractors (a few
    seconds) while the caller loads the rest, instead of when the first document arrives."""
    _context()
    forkserver.ensure_running()


def _context() -> ForkServerContext:
    context = get_context("forkserver")
    with _context_lock:
        context.set_forkserver_preload(PRELOAD)
    return context  # type: ignore[return-value]


def _supervise(fn: Callable[..., T], args: tuple[Any, ...], limits: Limits) -> T:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    worker = _Worker(target=_work, args=(sender, fn, args, limits.memory), daemon=True,
                     name=f"extract-{getattr(fn, '__name__', 'fn')}")
    outcome: tuple[Any, ...] | None = None
    try:
        with _start_lock:
            worker.start()
        sender.close()
        outcome = _wait(worker, receiver, limits)
    finally:
        receiver.close()
        sender.close()
        exitcode = _reap(worker)
    return _unpack(outcome, exitcode, limits)


def _wait(worker: Any, receiver: connection.Connection, limits: Limits) -> tuple[Any, ...] | None:
    """The worker's outcome, None if it died without one; WorkerFailure past a limit."""
    deadline = time.monotonic() + limits.seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerFailure(f"exceeded the {format_seconds(limits.seconds)} time limit")
        ready = connection.wait([receiver, worker.sentinel], min(remaining, POLL_SECONDS))
        if receiver in ready or (ready and receiver.poll(1.0)):
            try:
                return receiver.recv()
            except EOFError:  # it died before it could say anything
                return None
        if ready:  # it exited and its pipe is silent
            return None
        if resident_bytes(worker.pid) > limits.memory:
            raise WorkerFailure(memory_reason(limits))


def _reap(worker: Any) -> int | None:
    """Make sure the worker is gone (killed if need be), free it, and return its exit code."""
    if worker.pid is None:  # never started
        return None
    if worker.is_alive():
        worker.kill()
    worker.join()
    exitcode = worker.exitcode
    worker.close()
    return exitcode


def _unpack(outcome: tuple[Any, ...] | None, exitcode: int | None, limits: Limits) -> Any:
    if outcome is None:
        raise WorkerFailure(crash_reason(exitcode))
    kind, *rest = outcome
    if kind == "ok":
        return rest[0]
    if kind == "memory":
        raise WorkerFailure(memory_reason(limits))
    if kind == "document":
        raise DocumentError(rest[0])
    raise WorkerError(*rest)


def memory_reason(limits: Limits) -> str:
    return f"exceeded the {format_size(limits.memory)} memory limit"


def crash_reason(exitcode: int | None) -> str:
    """Why a worker that sent nothing back is gone, from its exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        hint = ", killed from outside: out of memory?" if -exitcode == signal.SIGKILL else ""
        return f"worker crashed (signal {-exitcode}, {name}{hint})"
    return f"worker exited (status {exitcode}) without a result"


def resident_bytes(pid: int | None) -> int:
    """Resident memory of a live process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


# -- inside the worker ----------------------------------------------------------------------

def _work(sender: connection.Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory: int) -> None:
    """The worker's body: limits on, call fn, send back one outcome tuple."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the supervisor to handle
    _die_with_parent()
    _cap_address_space(memory)
    outcome: tuple[Any, ...]
    try:
        outcome = ("ok", fn(*args))
    except MemoryError:
        outcome = ("memory",)
    except DocumentError as exc:
        outcome = ("document", exc.reason)
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the supervisor
        outcome = ("raised", type(exc).__name__, str(exc), traceback.format_exc())
    try:
        sender.send(outcome)
    except MemoryError:  # pickling a huge result
        del outcome
        sender.send(("memory",))
    sender.close()


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the forkserver goes (it goes when the run does)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the supervisor's kill is all there is
        return
    if os.getppid() == 1:  # the forkserver went before the line above took effect
        os._exit(1)


def _cap_address_space(memory: int) -> None:
    """A hard ceiling on address space: start-up size plus twice the memory limit."""
    cap = _address_space() + ADDRESS_SPACE_FACTOR * memory
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")

"""Per-queue work fanned out: serially in this process, in a pool of local processes, or
as tasks on a Dask cluster (an optional extra: `pip install 'wfm-engine[dask]'`).

A real operation plans many queues, and a month's forecasts with backtests for each of
them is work that splits cleanly by queue. `run_by_queue` applies one function to every
queue's input and returns the results by queue name in the order given, whichever way it
ran, so the files written afterwards are the same. The first queue whose work fails
stops the run with an error naming that queue; nothing is returned for the others.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from typing import Any

from wfm.core.errors import InputError, NotEnoughHistory

Progress = Callable[[int, int, str], None]
LOCAL = "local"  # start a local cluster with one single-threaded worker per core
PROCESSES = "processes"  # a pool of local processes, one per core: no Dask needed
DASK_EXTRA = "pip install 'wfm-engine[dask]'"
# A local cluster's workers run CPU-bound tasks on every core, so their housekeeping is
# turned down: the statistical profiler (a thread sampling the task's stack every 10 ms),
# the 20 ms event-loop tick, the memory and system monitors, and glibc's aggressive
# memory trimming. Measured on 7 forecast tasks: CPU per task +12 to 24% over the serial
# loop with Dask's defaults, +0 to 6% with these.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class QueueFailed(Exception):
    """A queue's work raised: the queue's name and the error, for one clear line."""

    def __init__(self, queue: str, error: BaseException) -> None:
        super().__init__(f"queue {queue!r}: {error}")
        self.queue, self.error = queue, error


def named_error(queue: str, error: BaseException) -> BaseException:
    """The error with its queue in front, of the same kind where it is bad input (an
    InputError keeps its file, row and column; a history no model can fit stays
    NotEnoughHistory), so callers treat one queue's bad input as they treat a file's."""
    if isinstance(error, InputError):
        return InputError(f"queue {queue!r}: {error.message}", file=error.file, row=error.row,
                          column=error.column)
    if isinstance(error, NotEnoughHistory):
        return NotEnoughHistory(f"queue {queue!r}: {error}")
    return QueueFailed(queue, error)


def run_by_queue(func: Callable[[Any], Any], inputs: Mapping[str, Any], *,
                 scheduler: str | None = None, workers: int | None = None,
                 progress: Progress | None = None) -> dict[str, Any]:
    """`func(inputs[q])` for every queue q. `scheduler`: None runs serially here;
    "processes" in a pool of `workers` local processes (default: the machine's cores);
    "local" starts a Dask cluster of `workers` processes; any other value is the address
    of a running Dask scheduler. `func` must be importable by name (a module's function)."""
    if scheduler is None:
        return _serial(func, inputs, progress)
    if scheduler == PROCESSES:
        return _in_processes(func, inputs, workers, progress)
    if not has_dask():
        raise InputError(f"--scheduler {scheduler} runs on Dask, which is not installed: "
                         f"{DASK_EXTRA} (or --scheduler processes)")
    return _on_dask(func, inputs, scheduler, workers, progress)


def has_dask() -> bool:
    """Whether Dask's distributed scheduler is installed (the `dask` extra)."""
    return importlib.util.find_spec("distributed") is not None


def _worker_signals() -> None:
    """A pool worker leaves Ctrl-C to the command (which stops the pool) and dies at once
    on SIGTERM (a command's own handler, inherited when forked, would not)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _in_processes(func: Callable[[Any], Any], inputs: Mapping[str, Any],
                  workers: int | None, progress: Progress | None) -> dict[str, Any]:
    """Each queue in a pool of local processes; the first failure cancels the rest."""
    names = list(inputs)
    done: dict[str, Any] = {}
    with ProcessPoolExecutor(max_workers=min(workers or os.cpu_count() or 1, len(names) or 1),
                             initializer=_worker_signals) as pool:
        queue_of = {pool.submit(func, inputs[q]): q for q in names}
        pending = set(queue_of)
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in sorted(finished, key=lambda f: names.index(queue_of[f])):
                    queue = queue_of[future]
                    error = future.exception()
                    if error is not None:
                        raise named_error(queue, error) from error
                    done[queue] = future.result()
                    if progress:
                        progress(len(done), len(names), queue)
        except BaseException:  # a failed queue, Ctrl-C or SIGTERM: stop every worker now
            for worker in list((getattr(pool, "_processes", None) or {}).values()):
                worker.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return {q: done[q] for q in names}


def _serial(func: Callable[[Any], Any], inputs: Mapping[str, Any],
            progress: Progress | None) -> dict[str, Any]:
    out = {}
    for i, (queue, item) in enumerate(inputs.items()):
        try:
            out[queue] = func(item)
        except Exception as exc:  # every queue's failure is reported by its name
            raise named_error(queue, exc) from exc
        if progress:
            progress(i + 1, len(inputs), queue)
    return out


def _on_dask(func: Callable[[Any], Any], inputs: Mapping[str, Any], scheduler: str,
             workers: int | None, progress: Progress | None) -> dict[str, Any]:
    import dask
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == LOCAL:
        with dask.config.set(QUIET_WORKERS):
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        names = list(inputs)
        futures = client.map(func, [inputs[q] for q in names], key=[f"queue-{q}" for q in names],
                             pure=False)
        queue_of = {f.key: q for f, q in zip(futures, names, strict=True)}
        done: dict[str, Any] = {}
        for future in as_completed(futures):
            queue = queue_of[future.key]
            if future.status == "error":
                error = future.exception()
                client.cancel(futures)
                raise named_error(queue, error) from error
            done[queue] = future.result()
            if progress:
                progress(len(done), len(names), queue)
        return {q: done[q] for q in names}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def choose_scheduler(scheduler: str | None, queues: int) -> str | None:
    """Where per-queue work runs, from the --scheduler choice: None (serial) for "serial"
    or a single queue under "auto"; under "auto" with several queues and cores, a local
    Dask cluster where Dask is installed, else a pool of processes; otherwise the choice
    itself ("processes", "local" or a scheduler's address)."""
    if scheduler in (None, "serial"):
        return None
    if scheduler == "auto":
        if queues <= 1 or (os.cpu_count() or 1) <= 1:
            return None
        return LOCAL if has_dask() else PROCESSES
    return scheduler

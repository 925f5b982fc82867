"""Pages rendered by worker processes: a `concurrent.futures.ProcessPoolExecutor`.

Each worker gets the whole site model once, when it starts (inherited where processes are
forked, pickled where they are spawned), then renders groups of pages and writes them into
the staging folder. A worker that fails or is killed becomes one plain problem, and no
process is left behind.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import BuildError, Problem
from .pages import Job, PageRenderer, Rendered, merge, render_group


def render_in_processes(job: Job, groups: list[list[int]], jobs: int, start_method: str | None) -> Rendered:
    context = multiprocessing.get_context(start_method)
    result = Rendered()
    gc.freeze()  # forked workers share the model: no collection in them copies its pages (gc docs)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                                   initargs=(job,))
    try:
        for part in executor.map(_render_in_worker, groups):
            merge(result, part)
    except BrokenProcessPool:
        raise BuildError([Problem("build", None, "a process rendering pages stopped unexpectedly "
                                  "(killed, or out of memory)", "build again; if it happens again, try --jobs 1")]) from None
    except (BuildError, OSError, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - a bug in the engine, told plainly
        raise BuildError([Problem("build", None, f"the engine failed while rendering pages: "
                                  f"{type(error).__name__}: {error}",
                                  "this is a bug in sitegen; please report it with this message")]) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
    return result


# The one piece of state of a worker process: its renderer, made once when it starts.
_worker_renderer: PageRenderer | None = None


def _start_worker(job: Job) -> None:
    global _worker_renderer
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, inherited where forked
    parent = os.getppid()  # the build, or the fork server that started this worker for it
    _worker_renderer = PageRenderer(job, parent)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _render_in_worker(indexes: list[int]) -> Rendered:
    return render_group(_worker_renderer, indexes)


def _exit_when_orphaned(parent: int) -> None:
    """A build killed outright cannot stop its workers: they stop themselves, so that none
    is left writing into a folder the next build removes."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)

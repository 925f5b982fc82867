"""Run a function over many items in forked worker processes, results in the items' order.

Forking shares the already-loaded site model with the workers for free (copy on write);
only the results travel back, pickled through a pipe. Where fork is missing, or there is
too little work to be worth it, everything runs in this process.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import traceback

MINIMUM_ITEMS_PER_WORKER = 32


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def map_in_processes(function, items: list, jobs: int, group=None, weight=None) -> list:
    """[function(item) for item in items], spread over `jobs` processes. Items for which
    `group(item)` is equal go to the same process, one after the other; `weight(item)`, the
    item's expected cost, balances the processes (default: every item costs the same)."""
    jobs = max(1, min(jobs, len(items) // MINIMUM_ITEMS_PER_WORKER)) if hasattr(os, "fork") else 1
    order: dict = {}  # group key -> its number, in order of first appearance
    numbers = [order.setdefault(group(item), len(order)) if group else index for index, item in enumerate(items)]
    costs = [0.0] * (len(order) if group else len(items))
    for number, item in zip(numbers, items):
        costs[number] += weight(item) if weight else 1
    load, chunk_of = [0.0] * jobs, []
    for cost in costs:  # each group to the process with the least work so far
        lightest = load.index(min(load))
        chunk_of.append(lightest)
        load[lightest] += cost
    chunks: list[list[int]] = [[] for _ in range(jobs)]
    for index in sorted(range(len(items)), key=numbers.__getitem__):
        chunks[chunk_of[numbers[index]]].append(index)
    if jobs == 1:
        return _in_order(chunks, [[function(items[index]) for index in chunks[0]]], len(items))
    gc.freeze()  # the shared objects are left out of collections: workers do not copy them, nobody scans them
    try:
        workers = [_start_worker(function, [items[index] for index in chunk]) for chunk in chunks[1:]]
        results = [[function(items[index]) for index in chunks[0]]]  # this process does the first share
        results += [_collect(pid, pipe) for pid, pipe in workers]
    finally:
        gc.unfreeze()
    return _in_order(chunks, results, len(items))


def _in_order(chunks: list[list[int]], results: list[list], count: int) -> list:
    ordered = [None] * count
    for chunk, chunk_results in zip(chunks, results):
        for index, result in zip(chunk, chunk_results):
            ordered[index] = result
    return ordered


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when the parent dies (Linux), so that a killed build
    leaves no process behind writing into a folder the next build removes."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _start_worker(function, chunk) -> tuple[int, int]:
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker: compute, send, and leave without running any cleanup of the parent
        die_with_parent(parent)
        os.close(read)
        try:
            payload = pickle.dumps(("ok", [function(item) for item in chunk]), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - everything must reach the parent
            payload = pickle.dumps(("error", traceback.format_exc()))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> list:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise RuntimeError(f"a build worker stopped unexpectedly (status {status})")
    kind, value = pickle.loads(data)
    if kind == "error":
        raise RuntimeError(f"a build worker failed:\n{value}")
    return value

"""Work spread over forked processes comes back complete, in order, grouped and balanced."""

import os

from sitegen.parallel import MINIMUM_ITEMS_PER_WORKER, map_in_processes


def where(item):
    return item, os.getpid()


def test_results_come_back_in_the_items_order_from_several_processes():
    items = list(range(4 * MINIMUM_ITEMS_PER_WORKER))
    results = map_in_processes(where, items, jobs=2)
    assert [item for item, _ in results] == items
    assert len({pid for _, pid in results}) == 2


def test_items_of_one_group_share_a_process():
    items = list(range(4 * MINIMUM_ITEMS_PER_WORKER))
    results = map_in_processes(where, items, jobs=2, group=lambda item: item % 10)
    for key in range(10):
        assert len({pid for item, pid in results if item % 10 == key}) == 1


def test_weights_balance_the_processes():
    items = list(range(4 * MINIMUM_ITEMS_PER_WORKER))
    heavy = set(range(0, 32, 2))  # 16 items, every other one: by count alone one process gets them all
    results = map_in_processes(where, items, jobs=2, weight=lambda item: 14.0 if item in heavy else 1.0)
    cost = {}
    for item, pid in results:
        cost[pid] = cost.get(pid, 0) + (14.0 if item in heavy else 1.0)
    assert len(cost) == 2 and abs(cost[min(cost)] - cost[max(cost)]) <= 14.0
    assert max(cost.values()) <= 0.55 * sum(cost.values())

"""Per-queue fan-out: serial and Dask give the same results in the same order, and the
first queue that fails is named in one line."""

from __future__ import annotations

import pytest

from wfm.core import fanout
from wfm.core.calendar import parse_month
from wfm.core.errors import InputError
from wfm.core.fanout import LOCAL, PROCESSES, QueueFailed, choose_scheduler, run_by_queue

INPUTS = {f"q{i:02d}": list(range(i, i + 5)) for i in range(12)}


def test_serial_and_dask_give_the_same_results_in_order():
    seen = []
    serial = run_by_queue(sum, INPUTS, progress=lambda done, total, q: seen.append(done))
    dask = run_by_queue(sum, INPUTS, scheduler=LOCAL, workers=2)
    assert serial == {q: sum(v) for q, v in INPUTS.items()}
    assert dask == serial and list(dask) == list(INPUTS)
    assert seen == list(range(1, len(INPUTS) + 1))


def test_a_pool_of_processes_gives_the_serial_results_in_order():
    seen = []
    pooled = run_by_queue(sum, INPUTS, scheduler=PROCESSES, workers=2,
                          progress=lambda done, total, q: seen.append(done))
    assert pooled == run_by_queue(sum, INPUTS) and list(pooled) == list(INPUTS)
    assert seen == list(range(1, len(INPUTS) + 1))


def test_without_dask_auto_uses_processes_and_dask_choices_say_what_to_install(
        monkeypatch):
    monkeypatch.setattr(fanout, "has_dask", lambda: False)
    monkeypatch.setattr(fanout.os, "cpu_count", lambda: 2)
    assert choose_scheduler("auto", 3) == PROCESSES and choose_scheduler("auto", 1) is None
    with pytest.raises(InputError, match=r"--scheduler local runs on Dask, which is not "
                                         r"installed: pip install 'wfm-engine\[dask\]'"):
        run_by_queue(sum, INPUTS, scheduler=LOCAL)
    monkeypatch.setattr(fanout, "has_dask", lambda: True)
    assert choose_scheduler("auto", 3) == LOCAL


@pytest.mark.parametrize("scheduler", [None, PROCESSES, LOCAL])
def test_a_bad_input_names_its_queue(scheduler):
    months = {"north": "2027-01", "south": "December", "east": "2027-03"}
    with pytest.raises(InputError) as info:
        run_by_queue(parse_month, months, scheduler=scheduler, workers=2)
    assert "queue 'south'" in str(info.value) and "December" in str(info.value)


def test_any_other_failure_names_its_queue_too():
    with pytest.raises(QueueFailed) as info:
        run_by_queue(int, {"a": "1", "b": "two"})
    assert info.value.queue == "b" and "queue 'b'" in str(info.value)


def test_a_running_cluster_is_used_by_its_address_and_left_running():
    """`--scheduler tcp://HOST:PORT`: the work goes to that cluster's workers (not a new
    local one), and the cluster outlives the run, as a shared cluster must."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        out = run_by_queue(sum, INPUTS, scheduler=address)
        assert out == {q: sum(v) for q, v in INPUTS.items()} and list(out) == list(INPUTS)
        with Client(address) as client:  # still up, and it ran the tasks
            assert len(client.scheduler_info()["workers"]) == 1
            assert client.run_on_scheduler(
                lambda dask_scheduler: len(dask_scheduler.task_prefixes)) >= 1

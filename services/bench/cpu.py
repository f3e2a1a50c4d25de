"""CPU seconds spent by each part of a running deployment (workers, sink, Kafka, Postgres, the bench itself) between
two snapshots: where the machine's time goes end to end, beside what the in-process figures say."""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import Mapping

import psutil

Snapshot = dict[int, tuple[str, float]]  # pid -> (group, user + system seconds)


def _group(proc: psutil.Process, roles: Mapping[int, str]) -> str | None:
    if proc.pid in roles:
        return roles[proc.pid]
    name = proc.name()
    if name.startswith("postgres"):
        return "postgres"
    if name == "java" and "kafka.Kafka" in " ".join(proc.cmdline()):
        return "kafka"
    return None


def snapshot(roles: Mapping[int, str]) -> Snapshot:
    """CPU seconds so far of the processes in ``roles`` (pid -> group, children included), of every Postgres and
    Kafka process, and of this process ("bench")."""
    owned: dict[int, str] = {}
    # The bench first: its children are the workers and the sink, which then take their own roles.
    for pid, role in [(os.getpid(), "bench"), *roles.items()]:
        with contextlib.suppress(psutil.Error):
            owned[pid] = role
            for child in psutil.Process(pid).children(recursive=True):
                owned[child.pid] = role
    out: Snapshot = {}
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            group = _group(proc, owned)
            if group is not None:
                t = proc.cpu_times()
                out[proc.pid] = (group, t.user + t.system)
    return out


def spent(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds per group between two snapshots (a process started in between counts from zero)."""
    total: dict[str, float] = defaultdict(float)
    for pid, (group, seconds) in after.items():
        total[group] += seconds - before.get(pid, (group, 0.0))[1]
    return {g: round(s, 2) for g, s in sorted(total.items())}

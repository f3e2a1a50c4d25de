"""``services.demo.spawn`` and ``lower_priority``: a real child process, its priority as the kernel reports it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.demo import autogroup_nice, lower_priority, parse_autogroup, spawn, terminate

_SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_spawn_with_nice_lowers_the_process_and_its_session_group(tmp_path: Path) -> None:
    own_group = autogroup_nice(os.getpid())
    kernel_has_autogroups = Path("/proc/self/autogroup").exists()
    proc = spawn("sleeper", _SLEEP, dict(os.environ), tmp_path, nice=7)
    try:
        assert os.getsid(proc.pid) == proc.pid  # its own session, so its autogroup is its own
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == 7
        # A new session gets an autogroup of its own wherever the kernel has them, even when this process is
        # still in the boot session's default group (an empty file, as on CI): that group carries the nice.
        assert autogroup_nice(proc.pid) == (7 if kernel_has_autogroups else None)
        assert autogroup_nice(os.getpid()) == own_group  # this process's group is untouched
    finally:
        terminate(proc, timeout=5)


def test_spawn_without_nice_leaves_the_priority(tmp_path: Path) -> None:
    proc = spawn("sleeper", _SLEEP, dict(os.environ), tmp_path)
    try:
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        terminate(proc, timeout=5)


def test_lower_priority_refuses_a_process_sharing_this_session() -> None:
    # Its autogroup is this test's own: renicing it would slow every process of the session.
    proc = subprocess.Popen(_SLEEP)
    try:
        with pytest.raises(ValueError, match="own session"):
            lower_priority(proc.pid, 5)
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        proc.kill()
        proc.wait()


def test_parse_autogroup_reads_the_nice_and_none_from_an_empty_file() -> None:
    assert parse_autogroup("/autogroup-123 nice 10\n") == 10
    assert parse_autogroup("/autogroup-7 nice -5\n") == -5
    assert parse_autogroup("") is None  # a process in the boot session's default group, as PID 1 is

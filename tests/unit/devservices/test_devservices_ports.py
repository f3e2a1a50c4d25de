"""Port choice and process helpers of services.devservices."""

from __future__ import annotations

import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from services.devservices import _proc


def test_candidates_stay_below_the_ephemeral_range() -> None:
    ports = list(_proc.port_candidates(random.Random(1), (32768, 60999)))
    assert ports
    assert all(_proc.LOWEST_PORT <= p < 32768 for p in ports)
    assert len(set(ports)) == len(ports)


def test_candidates_go_above_when_nothing_is_left_below() -> None:
    ports = list(_proc.port_candidates(random.Random(1), (15000, 50000)))
    assert all(50000 < p <= 65535 for p in ports)


def test_candidates_when_the_ephemeral_range_covers_everything() -> None:
    ports = list(_proc.port_candidates(random.Random(1), (1024, 65535)))
    assert all(1024 <= p <= 65535 for p in ports)


def test_ephemeral_range_falls_back_when_unreadable(tmp_path: Path) -> None:
    assert _proc.ephemeral_port_range(tmp_path / "missing") == _proc.DEFAULT_EPHEMERAL_RANGE
    (tmp_path / "range").write_text("40000\t50000\n")
    assert _proc.ephemeral_port_range(tmp_path / "range") == (40000, 50000)


def test_chosen_ports_are_distinct_free_and_not_excluded() -> None:
    busy = {20001, 20002}
    ports = _proc.choose_free_ports(
        3,
        exclude=[20003],
        is_free=lambda p: p not in busy,
        rng=random.Random(0),
        ephemeral=(20000, 20010),  # forces the candidate pool above the range
    )
    assert len(set(ports)) == 3
    assert not set(ports) & (busy | {20003})


def test_no_free_port_is_an_error() -> None:
    with pytest.raises(_proc.DevServiceError):
        _proc.choose_free_ports(1, is_free=lambda p: False, rng=random.Random(0))


def test_real_choice_is_bindable() -> None:
    (port,) = _proc.choose_free_ports(1)
    assert _proc.is_port_free(port)


def test_a_listening_port_is_not_free_even_with_reuse_addr() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert not _proc.is_port_free(port)
        assert not _proc.is_port_free(port, reuse_addr=True)
    assert _proc.is_port_free(port, reuse_addr=True)


def test_running_pid_checks_the_command_line_and_terminate_stops(tmp_path: Path) -> None:
    marker = str(tmp_path / "marker-arg")
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", marker])
    try:
        pid_file = tmp_path / "x.pid"
        pid_file.write_text(f"{proc.pid}\n")
        assert _proc.running_pid(pid_file, marker) == proc.pid
        # a pid file naming someone else's process (a recycled pid) is not ours to signal
        assert _proc.running_pid(pid_file, str(tmp_path / "other")) is None
        assert _proc.terminate(proc.pid, timeout=10) is False
        assert not _proc.pid_alive(proc.pid)
        assert _proc.running_pid(pid_file, marker) is None
    finally:
        proc.kill()
        proc.wait()


def test_terminate_kills_what_ignores_sigterm(tmp_path: Path) -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        assert _proc.terminate(proc.pid, timeout=0.5) is True
        # terminate reaped it already (so Popen.wait could only report 0): ask the kernel instead
        assert not _proc.pid_alive(proc.pid)
    finally:
        proc.kill()
        proc.wait()


def test_log_tail(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {i}\n" for i in range(100)))
    tail = _proc.log_tail(log, lines=3)
    assert tail.endswith("line 97\nline 98\nline 99")
    assert "no log at" in _proc.log_tail(tmp_path / "missing.log")

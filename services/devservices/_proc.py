"""Small helpers shared by the Kafka and Postgres launchers: ports, processes, locks, logs, state files."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

LOCALHOST = "127.0.0.1"

# Where ports are picked when the kernel's ephemeral range cannot be read.
DEFAULT_EPHEMERAL_RANGE = (32768, 60999)
# Lowest port picked: clear of the well-known ports and of what developers run by hand (8080, 9092...).
LOWEST_PORT = 20000

# Written to a server's log before each start, so that an error shows this start's lines, not older ones.
LAUNCH_MARK = "=== newsstream devservices: launching"

# Children started by this process, so that stopping one also reaps it (no zombie that looks alive).
_LAUNCHED: dict[int, subprocess.Popen[bytes]] = {}


class DevServiceError(RuntimeError):
    """A local service could not be fetched, started or stopped; the message says why and what to look at."""


def log(message: str) -> None:
    """Progress for a person at a terminal: stderr, so that stdout stays parseable (``env``)."""
    print(f"[devservices] {message}", file=sys.stderr, flush=True)


# --- ports -------------------------------------------------------------------------------------------------


def ephemeral_port_range(path: Path = Path("/proc/sys/net/ipv4/ip_local_port_range")) -> tuple[int, int]:
    """The kernel's range for outgoing connections' local ports."""
    try:
        low, high = (int(x) for x in path.read_text().split())
    except (OSError, ValueError):
        return DEFAULT_EPHEMERAL_RANGE
    return low, high


def port_candidates(
    rng: random.Random, ephemeral: tuple[int, int], lowest: int = LOWEST_PORT
) -> Iterator[int]:
    """Ports to try, in random order, outside the ephemeral range.

    Why outside: a server here is stopped and restarted on the same port (its clients keep its address), and
    a port from the ephemeral range can be taken meanwhile by any outgoing connection of the machine.
    """
    low, high = ephemeral
    if low - lowest >= 1000:
        pool = range(lowest, low)
    elif 65535 - high >= 1000:
        pool = range(high + 1, 65536)
    else:  # a machine whose ephemeral range covers nearly everything: take what is left
        pool = range(1024, 65536)
    # random.sample over a range does not materialise it
    yield from rng.sample(pool, k=min(len(pool), 2000))


def is_port_free(port: int, host: str = LOCALHOST, *, reuse_addr: bool = False) -> bool:
    """Whether a server could listen on host:port now.

    ``reuse_addr`` asks as the JVM and Postgres do (SO_REUSEADDR): connections of a stopped server lingering
    in TIME_WAIT then do not count, only a listener does. That is the test for restarting on the same port.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if reuse_addr:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def choose_free_ports(
    count: int,
    *,
    exclude: Iterable[int] = (),
    is_free: Callable[[int], bool] = is_port_free,
    rng: random.Random | None = None,
    ephemeral: tuple[int, int] | None = None,
) -> list[int]:
    """``count`` distinct free ports, none of them in ``exclude``."""
    taken = set(exclude)
    chosen: list[int] = []
    candidates = port_candidates(rng or random.Random(), ephemeral or ephemeral_port_range())
    for port in candidates:
        if port in taken or not is_free(port):
            continue
        chosen.append(port)
        taken.add(port)
        if len(chosen) == count:
            return chosen
    raise DevServiceError(f"found no {count} free local ports to listen on")


# --- processes ---------------------------------------------------------------------------------------------


def launch_detached(argv: list[str], *, cwd: Path, log_path: Path, env: dict[str, str] | None = None) -> int:
    """Start a server that outlives us: its own session (no terminal signal reaches it), output to a file."""
    with open(log_path, "ab") as out:
        out.write(f"{LAUNCH_MARK} {time.strftime('%Y-%m-%d %H:%M:%S')}: {' '.join(argv)}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    _LAUNCHED[proc.pid] = proc
    return proc.pid


def _reap(pid: int) -> None:
    """Collect the exit status of a child of ours, so that a stopped server does not linger as a zombie."""
    proc = _LAUNCHED.get(pid)
    if proc is not None:
        if proc.poll() is not None:
            _LAUNCHED.pop(pid, None)
        return
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def pid_alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by someone else
    try:
        # field 3 of /proc/PID/stat is the state; the name before it may hold spaces, hence the rsplit on ')'
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def process_cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def running_pid(pid_file: Path, marker: str) -> int | None:
    """The pid in ``pid_file`` if that process is alive and is ours.

    ``marker`` (a path that is on our server's command line) guards against a recycled pid: after a reboot or
    a crash the file may name a process that has nothing to do with us, and we must never signal that one.
    """
    pid = read_pid(pid_file)
    if pid is None or not pid_alive(pid):
        return None
    if not any(marker in arg for arg in process_cmdline(pid)):
        return None
    return pid


def terminate(pid: int, *, timeout: float) -> bool:
    """SIGTERM, wait up to ``timeout`` s, then SIGKILL. Returns whether the process had to be killed."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if wait_gone(pid, timeout):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    wait_gone(pid, 10.0)
    return True


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    _LAUNCHED.pop(pid, None)
    return True


# --- files -------------------------------------------------------------------------------------------------


def log_tail(path: Path, lines: int = 40, *, java: bool = False) -> str:
    """The end of a log, for an exception message: where the reason a server did not start usually is.

    Only what follows the last ``LAUNCH_MARK`` counts (a log kept across restarts holds older runs), and
    ``java`` drops stack frames: the last 40 lines of a JVM that died are otherwise all ``at ...``.
    """
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 64 * 1024))
            text = f.read().decode(errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc.strerror})"
    text = text.rsplit(LAUNCH_MARK, 1)[-1].split("\n", 1)[-1]
    if java:
        text = without_stack_frames(text, max_lines=None)
    tail = text.splitlines()[-lines:]
    return f"--- last {len(tail)} lines of {path} ---\n" + "\n".join(tail)


def without_stack_frames(text: str, max_lines: int | None = 30) -> str:
    """A JVM's error output minus the ``at ...`` frames: the exception's message is what a person needs."""
    kept = [
        line
        for line in text.splitlines()
        if not line.startswith("\tat ") and not (line.startswith("\t...") and line.endswith("more"))
    ]
    return "\n".join(kept if max_lines is None else kept[:max_lines])


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes: two ``up`` at once must not start two servers on one data dir."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        while True:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX)
                break
            except OSError as exc:  # EINTR from a signal: try again
                if exc.errno != errno.EINTR:
                    raise
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)

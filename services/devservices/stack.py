"""Kafka and Postgres together for one state dir: up, down, status, and the env pointing the project at them.

``up`` writes ``<state_dir>/services.env``::

    NEWSSTREAM_KAFKA_BOOTSTRAP=127.0.0.1:PORT
    NEWSSTREAM_DATABASE_URL=postgresql://newsstream@127.0.0.1:PORT/newsstream
    NEWSSTREAM_EXPLORER_DATABASE_URL=postgresql://newsstream_reader@127.0.0.1:PORT/newsstream

The per-service functions (``kafka_down`` then ``kafka_up``...) are for fault tests: a service stopped and
started again keeps its port and its data, so clients configured from services.env find it again.
"""

from __future__ import annotations

import concurrent.futures
import os
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from . import kafka, postgres
from ._proc import DevServiceError, log, write_atomic

ENV_FILE = "services.env"
STATE_DIR_ENV = "NEWSSTREAM_STATE_DIR"
KAFKA_ENV = "NEWSSTREAM_KAFKA_BOOTSTRAP"
DATABASE_ENV = "NEWSSTREAM_DATABASE_URL"
READER_ENV = "NEWSSTREAM_EXPLORER_DATABASE_URL"


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    database_url: str
    reader_url: str | None = None  # the explorer's role, which can only read

    def env(self) -> dict[str, str]:
        values = {KAFKA_ENV: self.kafka_bootstrap, DATABASE_ENV: self.database_url}
        if self.reader_url:
            values[READER_ENV] = self.reader_url
        return values


@dataclass(frozen=True)
class StackStatus:
    state_dir: Path
    kafka: kafka.KafkaStatus
    postgres: postgres.PostgresStatus

    @property
    def all_running(self) -> bool:
        return self.kafka.running and self.postgres.running


# --- state dir and env file --------------------------------------------------------------------------------


def find_repo_root(start: Path) -> Path | None:
    """The nearest dir at or above ``start`` holding this project's pyproject.toml."""
    for candidate in [start, *start.parents]:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and 'name = "newsstream"' in pyproject.read_text(errors="replace"):
            return candidate
    return None


def default_state_dir(cwd: Path | None = None) -> Path:
    """$NEWSSTREAM_STATE_DIR, else <repo>/.newsstream for the checkout around cwd, else ./.newsstream."""
    env = os.environ.get(STATE_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    here = (cwd or Path.cwd()).resolve()
    return (find_repo_root(here) or here) / ".newsstream"


def render_env(values: dict[str, str], *, export: bool = False) -> str:
    """KEY=VALUE lines; with ``export``, lines a POSIX shell can eval (values quoted where needed)."""
    if export:
        return "".join(f"export {key}={shlex.quote(value)}\n" for key, value in values.items())
    return "".join(f"{key}={value}\n" for key, value in values.items())


def parse_env(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def _resolve(state_dir: Path | None) -> Path:
    return (state_dir or default_state_dir()).resolve()


def _write_env(state_dir: Path) -> dict[str, str]:
    """services.env from the ports the state dir holds: written after any start, so it is never stale."""
    values: dict[str, str] = {}
    kafka_ports = kafka.stored_ports(state_dir)
    if kafka_ports is not None:
        values[KAFKA_ENV] = kafka.bootstrap_for(kafka_ports)
    pg_port = postgres.stored_port(state_dir)
    if pg_port is not None:
        values[DATABASE_ENV] = postgres.database_url(pg_port)
        values[READER_ENV] = postgres.reader_url(pg_port)
    state_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(state_dir / ENV_FILE, render_env(values))
    return values


def read_env(state_dir: Path | None = None) -> dict[str, str]:
    """The values of services.env; a DevServiceError when the stack was never brought up (or is down)."""
    path = _resolve(state_dir) / ENV_FILE
    try:
        return parse_env(path.read_text())
    except FileNotFoundError:
        hint = "run `python -m services.devservices up` first"
        raise DevServiceError(f"{path} does not exist: {hint}") from None


def env_lines(state_dir: Path | None = None, *, export: bool = False) -> list[str]:
    return render_env(read_env(state_dir), export=export).splitlines()


# --- one service at a time ---------------------------------------------------------------------------------


def kafka_up(state_dir: Path | None = None) -> str:
    """Start (or find running) the broker; returns its bootstrap address."""
    state_dir = _resolve(state_dir)
    bootstrap = kafka.start(state_dir)
    _write_env(state_dir)
    return bootstrap


def kafka_down(state_dir: Path | None = None) -> bool:
    """Stop the broker, keeping its data and port for the next ``kafka_up``. False if it was not running."""
    return kafka.stop(_resolve(state_dir))


def postgres_up(state_dir: Path | None = None) -> str:
    """Start (or find running) Postgres; returns the app's database URL."""
    state_dir = _resolve(state_dir)
    url = postgres.start(state_dir)
    _write_env(state_dir)
    return url


def postgres_down(state_dir: Path | None = None) -> bool:
    """Stop Postgres, keeping its data and port for the next ``postgres_up``. False if it was not running."""
    return postgres.stop(_resolve(state_dir))


# --- both --------------------------------------------------------------------------------------------------


def up(state_dir: Path | None = None) -> Endpoints:
    """Start both services (reusing any already running) and write services.env."""
    state_dir = _resolve(state_dir)
    started = time.monotonic()
    # Ports are settled before the parallel starts, so the two cannot pick the same free port at once.
    kafka_ports = kafka.ensure_ports(state_dir)
    postgres.ensure_port(state_dir, exclude=(kafka_ports.port, kafka_ports.controller_port))
    # In parallel: the broker's JVM start and Postgres' initdb mostly wait; one after the other is slower.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="devservices") as pool:
        kafka_future = pool.submit(kafka.start, state_dir)
        postgres_future = pool.submit(postgres.start, state_dir)
        errors = [f.exception() for f in (kafka_future, postgres_future)]
    failures = [e for e in errors if e is not None]
    if failures:
        _write_env(state_dir)  # what did start is still described correctly
        if len(failures) == 1:
            raise failures[0]
        raise DevServiceError("\n\n".join(str(e) for e in failures))
    values = _write_env(state_dir)
    endpoints = Endpoints(
        kafka_bootstrap=kafka_future.result(),
        database_url=postgres_future.result(),
        reader_url=values.get(READER_ENV),
    )
    log(f"up in {time.monotonic() - started:.1f} s; env in {state_dir / ENV_FILE}")
    return endpoints


def down(state_dir: Path | None = None) -> tuple[bool, bool]:
    """Stop both; returns (Kafka was running, Postgres was running). Data and ports stay for the next ``up``.

    services.env is removed: a client reading it must not take a stopped stack for a running one.
    """
    state_dir = _resolve(state_dir)
    errors: list[Exception] = []
    stopped: list[bool] = []
    for stop in (kafka.stop, postgres.stop):
        try:
            stopped.append(stop(state_dir))
        except DevServiceError as exc:  # still try to stop the other one
            errors.append(exc)
            stopped.append(True)
    if errors:
        raise DevServiceError("\n\n".join(str(e) for e in errors))
    (state_dir / ENV_FILE).unlink(missing_ok=True)
    return stopped[0], stopped[1]


def status(state_dir: Path | None = None) -> StackStatus:
    state_dir = _resolve(state_dir)
    return StackStatus(
        state_dir=state_dir, kafka=kafka.status(state_dir), postgres=postgres.status(state_dir)
    )

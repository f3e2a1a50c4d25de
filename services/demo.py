"""The demo: local Kafka and Postgres, a worker running every stage, the sink, a replay of the seeds, and a
summary of what landed. Each piece is the same process a deployment runs, started here as a subprocess."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import psycopg
from aiokafka.errors import KafkaError
from pydantic import SecretStr

from services.app import STAGES, app_id
from services.common.kafka import create_topics
from services.common.lag import LagProbe
from services.common.logging import get_logger
from services.common.settings import Settings
from services.producer.produce import produce
from services.sink.summary import report

log = get_logger("demo")


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", *args]


def start_services(state: Path) -> dict[str, str]:
    env = {**os.environ, "NEWSSTREAM_STATE_DIR": str(state)}
    subprocess.run(_python("services.devservices", "up"), check=True, env=env)
    return read_env_file(state / "services.env")


def stop_services(state: Path) -> None:
    env = {**os.environ, "NEWSSTREAM_STATE_DIR": str(state)}
    subprocess.run(_python("services.devservices", "down"), check=False, env=env)


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().removeprefix("export ")
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value.strip().strip("'\"")
    return values


def spawn(name: str, args: list[str], env: dict[str, str], logs: Path, *, nice: int = 0) -> subprocess.Popen[bytes]:
    """``args`` in its own session (a Ctrl-C at the terminal reaches this process, which stops it in order), output
    appended to ``logs/name.log``; with ``nice`` > 0, at that lower CPU priority (see ``lower_priority``)."""
    logs.mkdir(parents=True, exist_ok=True)
    out = (logs / f"{name}.log").open("ab")
    proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    if nice > 0:
        lower_priority(proc.pid, nice)
    return proc


def lower_priority(pid: int, nice: int) -> None:
    """Gives process ``pid`` (a session leader, as ``spawn`` starts it) the CPU weight of ``nice``, as
    docker-compose's ``cpu_shares`` gives a container. Linux's autogroup scheduling weighs each session as one
    group against the others, where a process's own nice counts only inside its session: so the session's
    autogroup gets the value too, where the kernel has one."""
    if os.getsid(pid) != pid:  # never renice a session this process did not create for it
        raise ValueError(f"process {pid} does not lead its own session")
    os.setpriority(os.PRIO_PROCESS, pid, nice)
    if autogroup_nice(pid) is not None:  # without an autogroup the process's own nice is all there is
        Path(f"/proc/{pid}/autogroup").write_text(f"{nice}\n", encoding="ascii")


def autogroup_nice(pid: int) -> int | None:
    """The nice of process ``pid``'s autogroup, or None where it has none: a kernel built without autogroup
    (no file), or a process still in the boot session's default group, whose file is empty (PID 1 here, and
    a container's processes where its init never started a session). ``spawn``'s children start a session,
    and with it an autogroup of their own, wherever the kernel has autogroups."""
    try:
        text = Path(f"/proc/{pid}/autogroup").read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    return parse_autogroup(text)


def parse_autogroup(text: str) -> int | None:
    """``"/autogroup-123 nice 10"`` → 10; an empty file → None."""
    fields = text.split()
    return int(fields[-1]) if fields else None


def terminate(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def running_pipeline(env: dict[str, str], logs: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """A worker running every stage and a sink, as subprocesses, stopped (SIGTERM) on the way out."""
    procs = [
        spawn("worker", _python("services.cli", "worker"), env, logs),
        spawn("sink", _python("services.cli", "sink"), env, logs),
    ]
    try:
        yield procs
    finally:
        for proc in procs:
            terminate(proc)


def check_alive(procs: list[subprocess.Popen[bytes]], logs: Path) -> None:
    for proc in procs:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}; see {logs}")


async def wait_drained(
    settings: Settings,
    *,
    timeout: float = 300.0,
    settle: int = 2,
    layout: Sequence[Sequence[str]] = (STAGES,),
) -> dict[str, int]:
    """Waits until every consumer group has committed everything on its topics, twice in a row. ``layout`` is how
    the stages are spread over workers: one group per entry (every stage in one worker by default)."""
    t = settings.topics
    groups = {app_id(settings.group_prefix, stages): [t.stage_io(s)[0] for s in stages] for stages in layout}
    groups[settings.sink_group] = [t.enriched, t.events, t.dead_letters]
    deadline = time.monotonic() + timeout
    quiet = 0
    async with contextlib.AsyncExitStack() as stack:
        probe: LagProbe | None = None
        while True:
            lag: dict[str, int] = {}
            try:
                if probe is None:
                    probe = await stack.enter_async_context(LagProbe(settings))
                for group, topics in groups.items():
                    for topic, n in (await probe.lag(group, topics)).items():
                        lag[f"{group}:{topic}"] = n
            except KafkaError as exc:
                # A young broker has no group coordinator for a moment: not drained yet, ask again.
                lag["unknown"] = 1
                log.info("lag not available yet", error=str(exc))
            quiet = quiet + 1 if not any(lag.values()) else 0
            if quiet >= settle:
                return lag
            if time.monotonic() > deadline:
                raise TimeoutError(f"pipeline did not drain in {timeout:.0f} s; lag: {lag}")
            await asyncio.sleep(2.0)


async def print_summary(settings: Settings) -> None:
    async with await psycopg.AsyncConnection.connect(settings.database_url.get_secret_value()) as conn:
        print(await report(conn))


def explorer_hint(settings: Settings) -> str:
    """Where to look at what landed: the explorer, over the same database."""
    return (
        f"See it in the explorer: bash deploy/local/explore.sh, then open"
        f" http://{settings.explorer_host}:{settings.explorer_port}/ (timeline, map, events and their sentences)"
    )


def run_demo(seeds: Path, state: Path, *, keep_services: bool = False) -> int:
    started = time.perf_counter()
    service_env = start_services(state)
    env = {**os.environ, **service_env, "NEWSSTREAM_STATE_DIR": str(state)}
    # The services just started win over whatever the environment says.
    settings = Settings(
        kafka_bootstrap=service_env["NEWSSTREAM_KAFKA_BOOTSTRAP"],
        database_url=SecretStr(service_env["NEWSSTREAM_DATABASE_URL"]),
    )
    logs = state / "logs"
    try:
        asyncio.run(create_topics(settings))
        with running_pipeline(env, logs) as procs:

            async def replay_and_wait() -> None:
                sent = await produce(settings, [seeds], progress=sys.stderr.isatty())
                log.info("replayed", sent=sent.sent, rejected=sent.rejected)
                await wait_drained(settings)

            asyncio.run(replay_and_wait())
            check_alive(procs, logs)
        asyncio.run(print_summary(settings))
        print(f"\nDemo done in {time.perf_counter() - started:.1f} s; logs in {logs}")
        print(explorer_hint(settings))
        return 0
    finally:
        if not keep_services:
            stop_services(state)

"""A real single-node Apache Kafka (KRaft, combined broker + controller) for development and tests.

The broker's jars come from Maven Central (``deploy/kafka/pom.xml``) into a cache shared by all state dirs;
each state dir holds one broker: its config, data, log, pid and ports. Layout of ``<state_dir>/kafka``::

    ports.json          broker and controller ports, kept so a restarted broker has the same address
    server.properties   rendered from deploy/kafka/server.properties.template
    log4j.properties    copied from deploy/kafka
    data/               log.dirs; data/meta.properties exists once the storage is formatted
    kafka.log           the JVM's stdout and stderr
    kafka.pid
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import logging
import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any, TypeVar

from services.common.cache import cache_root

from ._proc import (
    LOCALHOST,
    DevServiceError,
    choose_free_ports,
    file_lock,
    is_port_free,
    launch_detached,
    log,
    log_tail,
    pid_alive,
    read_json,
    running_pid,
    terminate,
    without_stack_frames,
    write_atomic,
)

KAFKA_VERSION = "3.9.1"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DIR = REPO_ROOT / "deploy" / "kafka"
POM = DEPLOY_DIR / "pom.xml"
TEMPLATE = DEPLOY_DIR / "server.properties.template"
LOG4J = DEPLOY_DIR / "log4j.properties"
TOOLS_LOG4J = DEPLOY_DIR / "tools-log4j.properties"

# The fetch writes this once every jar is in place; its absence means "fetch (again)".
MARKER = ".complete"
NODE_ID = 1
HEAP = "-Xmx512m"
# The C1 compiler only: on a small machine the C2 compiler's work in a broker's first minutes costs more CPU than
# the records do (measured: Kafka's CPU per article in a two-worker replay fell from 7.0 to 3.7 ms), and a
# single-node broker's load is light enough for C1's code. KAFKA_OPTS (read after) can set it back.
JIT = "-XX:TieredStopAtLevel=1"
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 20.0

T = TypeVar("T")


@dataclass(frozen=True)
class KafkaPorts:
    port: int
    controller_port: int


@dataclass(frozen=True)
class KafkaStatus:
    running: bool
    pid: int | None
    bootstrap: str | None
    state_dir: Path


# --- the jars ----------------------------------------------------------------------------------------------


def libs_dir(cache: Path | None = None) -> Path:
    """Shared by every state dir and checkout (``cache_root``): the jars are 56 MB and the same for all."""
    return (cache or cache_root()) / f"kafka-{KAFKA_VERSION}" / "libs"


def libs_complete(libs: Path) -> bool:
    """The marker names how many jars the fetch left; a jar deleted since then makes the fetch run again."""
    try:
        expected = int((libs / MARKER).read_text().strip())
    except (OSError, ValueError):
        return False
    return expected > 0 and len(list(libs.glob("*.jar"))) >= expected


def require_tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DevServiceError(f"`{name}` was not found on PATH; {hint}")
    return path


def java_executable() -> str:
    """JAVA_HOME first, as the release's own scripts do, else java on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    return require_tool("java", "install a Java 17+ runtime (e.g. `apt-get install openjdk-17-jre-headless`)")


def fetch(cache: Path | None = None, *, force: bool = False) -> Path:
    """Put Kafka's jars in the cache with Maven unless they are all there; return the libs dir."""
    libs = libs_dir(cache)
    if not force and libs_complete(libs):
        return libs
    with file_lock(libs.parent / ".fetch.lock"):
        if not force and libs_complete(libs):  # another process fetched while we waited for the lock
            return libs
        _run_maven(libs)
    return libs


def _run_maven(libs: Path) -> None:
    mvn = require_tool("mvn", "install Maven 3.8+ (e.g. `apt-get install maven`); it fetches Kafka's jars")
    java_executable()  # fail now, not after a minute of downloads
    if not POM.is_file():
        raise DevServiceError(f"{POM} is missing: run from a checkout of the newsstream repository")
    (libs / MARKER).unlink(missing_ok=True)
    libs.mkdir(parents=True, exist_ok=True)
    log(f"fetching Kafka {KAFKA_VERSION} jars with Maven into {libs} (once; ~56 MB)")
    started = time.monotonic()
    cmd = [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={libs}"]
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    jars = list(libs.glob("*.jar"))
    if result.returncode != 0 or not any(j.name.startswith("kafka_2.13-") for j in jars):
        output = (result.stdout + result.stderr).strip().splitlines()[-40:]
        raise DevServiceError(
            f"fetching Kafka's jars failed (exit {result.returncode}): {' '.join(cmd)}\n" + "\n".join(output)
        )
    (libs / MARKER).write_text(f"{len(jars)}\n")
    log(f"fetched {len(jars)} jars in {time.monotonic() - started:.1f} s")


# --- configuration -----------------------------------------------------------------------------------------


def render_server_properties(
    template: str, *, port: int, controller_port: int, log_dir: Path, node_id: int = NODE_ID
) -> str:
    """Fill the template; ``substitute``, not ``safe_substitute``: a placeholder left unfilled is an error."""
    return Template(template).substitute(
        port=port, controller_port=controller_port, log_dir=str(log_dir), node_id=node_id
    )


def new_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, URL-safe base64, no padding (as ``kafka-storage random-uuid``).

    Like Kafka's own Uuid.randomUuid, never one starting with '-', which a command line takes for an option.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def kafka_dir(state_dir: Path) -> Path:
    return state_dir / "kafka"


def stored_ports(state_dir: Path) -> KafkaPorts | None:
    data = read_json(kafka_dir(state_dir) / "ports.json")
    if data is None:
        return None
    try:
        return KafkaPorts(port=int(data["port"]), controller_port=int(data["controller_port"]))
    except (KeyError, TypeError, ValueError):
        return None


def ensure_ports(state_dir: Path, exclude: tuple[int, ...] = ()) -> KafkaPorts:
    """The broker's ports: those it had (clients keep its address across a restart), else two new ones."""
    ports = stored_ports(state_dir)
    if ports is not None:
        return ports
    port, controller_port = choose_free_ports(2, exclude=exclude)
    ports = KafkaPorts(port=port, controller_port=controller_port)
    kdir = kafka_dir(state_dir)
    kdir.mkdir(parents=True, exist_ok=True)
    write_atomic(kdir / "ports.json", f'{{"port": {port}, "controller_port": {controller_port}}}\n')
    return ports


def bootstrap_for(ports: KafkaPorts) -> str:
    return f"{LOCALHOST}:{ports.port}"


def _write_config(kdir: Path, ports: KafkaPorts) -> Path:
    for required in (TEMPLATE, LOG4J, TOOLS_LOG4J):
        if not required.is_file():
            raise DevServiceError(f"{required} is missing: run from a checkout of the newsstream repository")
    props = kdir / "server.properties"
    text = render_server_properties(
        TEMPLATE.read_text(), port=ports.port, controller_port=ports.controller_port, log_dir=kdir / "data"
    )
    write_atomic(props, text)
    shutil.copyfile(LOG4J, kdir / "log4j.properties")
    shutil.copyfile(TOOLS_LOG4J, kdir / "tools-log4j.properties")
    return props


def _format_storage(java: str, libs: Path, kdir: Path, props: Path) -> None:
    """Format the log dir once: formatting again refuses (or, forced, loses the data a restart must keep)."""
    if (kdir / "data" / "meta.properties").exists():
        return
    cmd = [
        java,
        f"-Dlog4j.configuration=file:{kdir / 'tools-log4j.properties'}",
        "-cp",
        f"{libs}/*",
        "kafka.tools.StorageTool",
        "format",
        "-t",
        new_cluster_id(),
        "-c",
        str(props),
    ]
    result = subprocess.run(
        cmd, cwd=kdir, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output = without_stack_frames(result.stdout + result.stderr)
        raise DevServiceError(f"formatting Kafka's storage failed (exit {result.returncode}):\n{output}")


# --- start, stop, status -----------------------------------------------------------------------------------


def start(state_dir: Path, *, timeout: float = START_TIMEOUT_S) -> str:
    """Start the broker of ``state_dir`` (or find it running); return its address once it answers."""
    state_dir = state_dir.resolve()
    kdir = kafka_dir(state_dir)
    kdir.mkdir(parents=True, exist_ok=True)
    with file_lock(kdir / ".lock"):
        return _start_locked(state_dir, kdir, timeout)


def _start_locked(state_dir: Path, kdir: Path, timeout: float) -> str:
    props = kdir / "server.properties"
    ports = ensure_ports(state_dir)
    bootstrap = bootstrap_for(ports)
    pid = running_pid(kdir / "kafka.pid", str(props))
    if pid is not None:
        log(f"Kafka already running (pid {pid}) at {bootstrap}")
        _wait_ready(bootstrap, pid, kdir / "kafka.log", timeout)
        return bootstrap
    _check_ports_free(ports)
    libs = fetch()
    java = java_executable()
    _write_config(kdir, ports)
    _format_storage(java, libs, kdir, props)
    log(f"starting Kafka {KAFKA_VERSION} at {bootstrap} (log: {kdir / 'kafka.log'})")
    started = time.monotonic()
    pid = launch_detached(_broker_argv(java, libs, kdir), cwd=kdir, log_path=kdir / "kafka.log")
    write_atomic(kdir / "kafka.pid", f"{pid}\n")
    try:
        _wait_ready(bootstrap, pid, kdir / "kafka.log", timeout)
    except DevServiceError:
        # a half-started broker would hold the ports and the data dir's lock; the next try needs both
        terminate(pid, timeout=STOP_TIMEOUT_S)
        (kdir / "kafka.pid").unlink(missing_ok=True)
        raise
    log(f"Kafka ready at {bootstrap} (pid {pid}) in {time.monotonic() - started:.1f} s")
    return bootstrap


def _broker_argv(java: str, libs: Path, kdir: Path) -> list[str]:
    return [
        java,
        HEAP,
        JIT,
        "-XX:+ExitOnOutOfMemoryError",
        # Kafka's own start scripts read KAFKA_OPTS for extra JVM options; so does this one.
        *shlex.split(os.environ.get("KAFKA_OPTS", "")),
        "-Djava.awt.headless=true",
        f"-Dlog4j.configuration=file:{kdir / 'log4j.properties'}",
        f"-Dkafka.logs.dir={kdir}",
        "-cp",
        f"{libs}/*",
        "kafka.Kafka",
        str(kdir / "server.properties"),
    ]


def _check_ports_free(ports: KafkaPorts) -> None:
    for port in (ports.port, ports.controller_port):
        if not is_port_free(port, reuse_addr=True):
            raise DevServiceError(
                f"port {port}, where this state dir's Kafka listens, is taken by another process; "
                "stop that process, or remove ports.json from the state dir to choose new ports"
            )


def stop(state_dir: Path, *, timeout: float = STOP_TIMEOUT_S) -> bool:
    """Stop the broker (SIGTERM, then SIGKILL after ``timeout`` s). Returns False when none was running."""
    kdir = kafka_dir(state_dir.resolve())
    if not kdir.is_dir():
        return False
    with file_lock(kdir / ".lock"):
        pid = running_pid(kdir / "kafka.pid", str(kdir / "server.properties"))
        if pid is None:
            (kdir / "kafka.pid").unlink(missing_ok=True)
            return False
        log(f"stopping Kafka (pid {pid})")
        killed = terminate(pid, timeout=timeout)
        (kdir / "kafka.pid").unlink(missing_ok=True)
        log("Kafka killed after it ignored SIGTERM" if killed else "Kafka stopped")
        return True


def status(state_dir: Path) -> KafkaStatus:
    state_dir = state_dir.resolve()
    kdir = kafka_dir(state_dir)
    ports = stored_ports(state_dir)
    pid = running_pid(kdir / "kafka.pid", str(kdir / "server.properties"))
    return KafkaStatus(
        running=pid is not None,
        pid=pid,
        bootstrap=bootstrap_for(ports) if ports else None,
        state_dir=state_dir,
    )


# --- readiness ---------------------------------------------------------------------------------------------


def _wait_ready(bootstrap: str, pid: int, log_path: Path, timeout: float) -> None:
    """Until a real Kafka client gets cluster metadata: a listening port alone is not a working broker."""
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            raise DevServiceError(f"Kafka exited while starting.\n{log_tail(log_path, java=True)}")
        try:
            run_coroutine(_probe(bootstrap))
            return
        except Exception as exc:  # any client failure means "not yet"; the deadline decides
            last_error = f"{type(exc).__name__}: {exc}"
        time.sleep(0.5)
    raise DevServiceError(
        f"Kafka at {bootstrap} did not answer within {timeout:.0f} s ({last_error}).\n"
        f"{log_tail(log_path, java=True)}"
    )


async def _probe(bootstrap: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    with _quiet("aiokafka"):
        try:
            await admin.start()
            await admin.describe_cluster()
        finally:
            await admin.close()


def run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from sync code, also when called inside a running loop (async tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """While polling a broker that is still starting, the client's connection errors are expected noise."""
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)

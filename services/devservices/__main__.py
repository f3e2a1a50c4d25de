"""``python -m services.devservices up|down|status|env`` (and per-service commands for fault drills).

Progress goes to stderr; stdout carries only what a script reads: ``env`` prints ``export`` lines, so
``eval "$(python -m services.devservices env)"`` configures a shell.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import kafka, stack
from ._proc import DevServiceError, log


def _up(state_dir: Path) -> int:
    endpoints = stack.up(state_dir)
    sys.stdout.write(stack.render_env(endpoints.env()))
    return 0


def _down(state_dir: Path) -> int:
    kafka_was, postgres_was = stack.down(state_dir)
    log(
        f"Kafka {'stopped' if kafka_was else 'was not running'}; "
        f"Postgres {'stopped' if postgres_was else 'was not running'}"
    )
    return 0


def _status(state_dir: Path) -> int:
    """Exit 0 only when both run, so a script can ask ``status || up``."""
    st = stack.status(state_dir)
    k, p = st.kafka, st.postgres
    print(f"state dir  {st.state_dir}")
    print(
        f"kafka      {'running' if k.running else 'stopped':8} {k.bootstrap or '-'}"
        + (f"  (pid {k.pid})" if k.pid else "")
    )
    print(f"postgres   {'running' if p.running else 'stopped':8} {p.database_url or '-'}")
    return 0 if st.all_running else 1


def _env(state_dir: Path) -> int:
    for line in stack.env_lines(state_dir, export=True):
        print(line)
    return 0


def _one(action: Callable[[Path], object], what: str) -> Callable[[Path], int]:
    def run(state_dir: Path) -> int:
        result = action(state_dir)
        if isinstance(result, bool):
            log(f"{what}: {'done' if result else 'was not running'}")
        else:
            print(result)
        return 0

    return run


def _fetch(state_dir: Path) -> int:
    print(kafka.fetch())
    return 0


COMMANDS: dict[str, tuple[Callable[[Path], int], str]] = {
    "up": (_up, "start Kafka and Postgres (reusing running ones), write services.env, print its lines"),
    "down": (_down, "stop both; their data and ports are kept for the next up"),
    "status": (_status, "show what runs where; exit 1 unless both run"),
    "env": (_env, "print `export` lines for eval in a shell"),
    "kafka-up": (_one(stack.kafka_up, "kafka-up"), "start Kafka only"),
    "kafka-down": (_one(stack.kafka_down, "kafka-down"), "stop Kafka only (data kept)"),
    "postgres-up": (_one(stack.postgres_up, "postgres-up"), "start Postgres only"),
    "postgres-down": (_one(stack.postgres_down, "postgres-down"), "stop Postgres only (data kept)"),
    "fetch": (_fetch, "only fetch Kafka's jars into the cache"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m services.devservices", description="The project's local Kafka and Postgres."
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=None,
        help="where data, logs and ports live (default: $NEWSSTREAM_STATE_DIR or <repo>/.newsstream)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    state_dir = (args.state_dir or stack.default_state_dir()).resolve()
    handler, _ = COMMANDS[args.command]
    try:
        return handler(state_dir)
    except DevServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

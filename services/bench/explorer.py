"""``python -m services.bench.explorer``: how fast the events explorer answers over 100,000 events.

Loads synthetic rows (``services/web/synthetic.py``) into a schema of its own, serves it with ``newsstream web`` as
a subprocess on the read-only role, then sends each endpoint N requests one after another, with filters drawn from
a seeded generator (types, countries, date ranges, outlets, words of the synthetic sentences). Prints p50, p95 and
max per endpoint against the target (p95 within 200 ms) and writes ``bench-explorer.json`` in the working directory.
The schema is dropped at the end. Kafka and Postgres: the environment's (``NEWSSTREAM_DATABASE_URL`` and
``NEWSSTREAM_EXPLORER_DATABASE_URL``), else the local services of the default state dir, started if need be.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from schemas.explorer import PLOVER_TYPES
from services.bench.e2e import percentile
from services.bench.machine import machine
from services.demo import spawn, start_services, stop_services, terminate
from services.devservices import stack
from services.devservices.isolation import free_port, isolated_env, with_search_path
from services.web import synthetic

TARGET_MS = 200.0
Params = dict[str, Any]


@dataclass
class Endpoint:
    name: str
    requests: list[tuple[str, Params]]  # path and query parameters of each request
    target_ms: float | None = TARGET_MS  # None: reported, not judged (a whole-table export)
    times_ms: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        t = self.times_ms
        p95 = percentile(t, 95) if t else None
        passed = None if self.target_ms is None or p95 is None else (p95 <= self.target_ms and not self.errors)
        return {
            "endpoint": self.name,
            "requests": len(t),
            "p50_ms": round(percentile(t, 50), 1) if t else None,
            "p95_ms": round(p95, 1) if p95 is not None else None,
            "max_ms": round(max(t), 1) if t else None,
            "target_ms": self.target_ms,
            "passed": passed,
            "median_bytes": int(percentile([float(b) for b in self.bytes], 50)) if self.bytes else None,
            "errors": self.errors[:5],
        }


class Filters:
    """Filters as a reader sets them, drawn from the synthetic world's own names."""

    def __init__(self, rng: random.Random, world: synthetic.World) -> None:
        self.rng, self.world = rng, world
        self.countries = [c[0] for c in synthetic.COUNTRIES]
        self.country_weights = [c[5] for c in synthetic.COUNTRIES]
        # Words of the sentences besides the vocabulary: the parties' adjectives and roles, and the verbs.
        self.party_words = sorted(
            {c[2].split()[-1] for c in synthetic.COUNTRIES}
            | {r[0].split()[-1] for r in synthetic.ROLES}
            | {t.split()[0] for ts in synthetic.TRIGGERS.values() for t in ts}
        )

    def country(self) -> str:
        return self.rng.choices(self.countries, weights=self.country_weights)[0]

    def days(self, lengths: tuple[int, ...] = (7, 30, 90, 365)) -> Params:
        length = self.rng.choice(lengths)
        start = synthetic.FIRST_DAY + dt.timedelta(days=self.rng.randrange(synthetic.DAYS - length))
        return {"start": start.isoformat(), "end": (start + dt.timedelta(days=length - 1)).isoformat()}

    def word(self) -> str:
        pick = self.rng.random()
        if pick < 0.4:
            return self.rng.choice(self.world.places).name
        if pick < 0.6:
            return self.rng.choice(self.party_words)
        return self.rng.choice(self.world.vocabulary)  # any rank: mostly rare words, now and then a common one

    def any(self) -> Params:
        """None at all a fifth of the time, else each filter on its own odds."""
        rng = self.rng
        if rng.random() < 0.2:
            return {}
        found: Params = {}
        if rng.random() < 0.35:
            found["type"] = rng.sample(PLOVER_TYPES, rng.choice((1, 1, 1, 2)))
        if rng.random() < 0.3:
            found["country"] = self.country()
        if rng.random() < 0.35:
            found |= self.days()
        if rng.random() < 0.15:
            found["outlet"] = rng.choice(self.world.outlets)
        if rng.random() < 0.25:
            found["q"] = self.word()
        return found

    def broad(self) -> Params:
        """What one pages deep into: everything, a common type or a much reported country."""
        return self.rng.choice(({}, {"type": ["ASSAULT"]}, {"type": ["CONSULT"]}, {"country": self.country()}))

    def selective(self) -> Params:
        """An export's usual scope: a type over a month, a country over a quarter, a place, a small outlet."""
        rng = self.rng
        return rng.choice((
            lambda: {"type": [rng.choice(PLOVER_TYPES)], **self.days((30,))},
            lambda: {"country": self.country(), **self.days((90,))},
            lambda: {"q": rng.choice(self.world.places).name},
            lambda: {"outlet": rng.choice(self.world.outlets[20:]), **self.days((90,))},
        ))()  # fmt: skip


def plan_requests(n: int, seed: int, event_ids: list[str], article_ids: list[str]) -> list[Endpoint]:
    rng = random.Random(seed)
    f = Filters(rng, synthetic.world(seed))

    def many(path: str, params: Callable[[], Params], k: int = n) -> list[tuple[str, Params]]:
        return [(path, params()) for _ in range(k)]

    def ids(template: str, pool: list[str]) -> list[tuple[str, Params]]:
        return [(template.format(rng.choice(pool)), {}) for _ in range(n)]

    endpoints = [
        Endpoint("/ (page: table, timeline, map)", many("/", f.any)),
        Endpoint("/api/events", many("/api/events", f.any)),
        Endpoint("/api/events page 50", many("/api/events", lambda: {**f.broad(), "page": 50})),
        Endpoint("/api/timeline", many("/api/timeline", f.any)),
        Endpoint("/api/map", many("/api/map", f.any)),
        Endpoint("/api/counts", many("/api/counts", dict)),
        Endpoint("/events/{id}", ids("/events/{}", event_ids)),
        Endpoint("/articles/{id}", ids("/articles/{}", article_ids)),
        Endpoint("/api/events/{id}", ids("/api/events/{}", event_ids)),
        Endpoint("/api/articles/{id}", ids("/api/articles/{}", article_ids)),
    ]
    exports = [f"/api/export/{kind}.{fmt}" for fmt in ("csv", "parquet") for kind in ("events", "mentions")]
    endpoints += [Endpoint(f"{path} selective", many(path, f.selective)) for path in exports]
    # A whole-table export streams every row: measured, a few times, and reported apart from the target.
    endpoints += [Endpoint(f"{path} unfiltered", many(path, dict, min(n, 3)), target_ms=None) for path in exports]
    return endpoints


@contextmanager
def database_env(keep_services: bool) -> Iterator[dict[str, str]]:
    """The owner's and the reader's URLs (and Kafka's): the environment's, else the local services'."""
    if os.environ.get("NEWSSTREAM_DATABASE_URL") and os.environ.get("NEWSSTREAM_EXPLORER_DATABASE_URL"):
        yield dict(os.environ)
        return
    state = Path(os.environ.get("NEWSSTREAM_STATE_DIR") or stack.default_state_dir()).resolve()
    was_running = stack.status(state).all_running
    print(f"local services in {state} ({'running' if was_running else 'starting them'})", flush=True)
    env = {**os.environ, **start_services(state), "NEWSSTREAM_STATE_DIR": str(state)}
    try:
        yield env
    finally:
        if not was_running and not keep_services:
            stop_services(state)


def sample_ids(owner_url: str, seed: int) -> tuple[list[str], list[str]]:
    """Events that are no one's duplicate (a merged one answers with a redirect) and articles, 1,000 of each."""
    rng = random.Random(seed)
    with psycopg.connect(owner_url) as conn:
        events = [r[0] for r in conn.execute("SELECT event_id FROM events WHERE merged_into IS NULL ORDER BY 1")]
        articles = [r[0] for r in conn.execute("SELECT article_id FROM articles ORDER BY 1")]
    return rng.sample(events, min(1000, len(events))), rng.sample(articles, min(1000, len(articles)))


@contextmanager
def served(reader_url: str, kafka: str | None, logs: Path) -> Iterator[str]:
    """``newsstream web`` on a free port with only the reader's URL: no owner URL in its environment, and a state
    dir of its own so that no services.env lends it one."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSSTREAM_")}
    env |= {
        "NEWSSTREAM_EXPLORER_DATABASE_URL": reader_url,
        "NEWSSTREAM_STATE_DIR": str(logs / "state"),
        "NEWSSTREAM_LOG_LEVEL": "WARNING",
    }
    if kafka:
        env["NEWSSTREAM_KAFKA_BOOTSTRAP"] = kafka  # the live counts ask it for the pipeline's lag
    args = [sys.executable, "-m", "services.cli", "web", "--port", str(port)]
    proc = spawn("explorer-web", args, env, logs)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_up(url, proc, logs / "explorer-web.log")
        yield url
    finally:
        terminate(proc)


def wait_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"newsstream web exited ({proc.returncode}):\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/api/counts", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"newsstream web did not answer within {timeout:.0f} s (log: {log})")


def measure(client: httpx.Client, endpoints: list[Endpoint]) -> None:
    # One request per endpoint first, not counted: the server's first use of a template or a statement is not
    # what a reader waits for afterwards.
    for ep in endpoints:
        client.get(ep.requests[0][0], params=ep.requests[0][1])
    for ep in endpoints:
        for path, params in ep.requests:
            started = time.perf_counter()
            response = client.get(path, params=params)  # the body is read whole before it returns
            ep.times_ms.append((time.perf_counter() - started) * 1000)
            ep.bytes.append(len(response.content))
            if response.status_code != 200:
                ep.errors.append(f"{response.status_code} {path} {params}: {response.text[:200]}")
        print(f"  {ep.name:42s} done", flush=True)


def table(rows: list[dict[str, Any]]) -> str:
    def cell(v: Any) -> str:
        return "-" if v is None else f"{v:.1f}" if isinstance(v, float) else str(v)

    header = f"{'endpoint':48s} {'requests':>8s} {'p50 ms':>9s} {'p95 ms':>9s} {'max ms':>9s} {'target':>9s}  result"
    lines = [header, "-" * len(header)]
    for r in rows:
        target = f"{r['target_ms']:.0f} ms" if r["target_ms"] is not None else "none"
        result = "n/a (whole table)" if r["passed"] is None else "pass" if r["passed"] else "FAIL"
        if r["errors"]:
            result += f" ({len(r['errors'])} errors)"
        lines.append(
            f"{r['endpoint']:48s} {r['requests']:>8d} {cell(r['p50_ms']):>9s} {cell(r['p95_ms']):>9s}"
            f" {cell(r['max_ms']):>9s} {target:>9s}  {result}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "events_asked": args.events,
        "requests_per_endpoint": args.requests,
        "seed": args.seed,
        "target": f"p95 within {TARGET_MS:.0f} ms, every answer a 200",
    }
    with ExitStack() as stack_:
        base = stack_.enter_context(database_env(args.keep_services))
        env, _tag = stack_.enter_context(isolated_env(base["NEWSSTREAM_DATABASE_URL"], "benchexplorer"))
        owner = env["NEWSSTREAM_DATABASE_URL"]
        started = time.perf_counter()
        report["rows"] = synthetic.prepare(owner, events=args.events, seed=args.seed)
        report["load_seconds"] = round(time.perf_counter() - started, 1)
        with psycopg.connect(owner) as conn:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        print(f"loaded {report['rows']} into schema {schema} in {report['load_seconds']} s", flush=True)
        event_ids, article_ids = sample_ids(owner, args.seed)
        endpoints = plan_requests(args.requests, args.seed, event_ids, article_ids)
        logs = Path(stack_.enter_context(tempfile.TemporaryDirectory(prefix="bench-explorer-")))
        reader = with_search_path(base["NEWSSTREAM_EXPLORER_DATABASE_URL"], schema)
        url = stack_.enter_context(served(reader, base.get("NEWSSTREAM_KAFKA_BOOTSTRAP"), logs))
        print(f"newsstream web on {url}, {args.requests} requests per endpoint, one at a time", flush=True)
        with httpx.Client(base_url=url, timeout=120) as client:
            measure(client, endpoints)
    report["endpoints"] = [ep.summary() for ep in endpoints]
    report["requests"] = {
        ep.name: [
            {"path": path, "params": params, "ms": round(ms, 1)}
            for (path, params), ms in zip(ep.requests, ep.times_ms, strict=True)
        ]
        for ep in endpoints
    }
    return report


def main(argv: list[str] | None = None) -> int:
    doc = __doc__ or ""
    ap = argparse.ArgumentParser(
        prog="python -m services.bench.explorer",
        description=doc.split("\n\n", 1)[-1].strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--events", type=int, default=100_000, help="synthetic events to load (default 100000)")
    ap.add_argument("--requests", type=int, default=60, help="requests per endpoint (default 60)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the rows and of the requests (default 7)")
    ap.add_argument("--out", type=Path, default=Path("bench-explorer.json"), help="the report (JSON)")
    ap.add_argument("--keep-services", action="store_true", help="leave local services started here running")
    args = ap.parse_args(argv)
    report = run(args)
    m, rows = report["machine"], report["rows"]
    print(f"\nmachine: {m['cpus']} CPUs, {m['platform']}, Python {m['python']}, load {m['load_average_at_start']}")
    print(
        f"rows: {rows['events']:,} events ({rows['merged_events']:,} merged), {rows['event_mentions']:,} mentions,"
        f" {rows['articles']:,} articles; loaded in {report['load_seconds']} s"
    )
    print(f"target: {report['target']}\n")
    print(table(report["endpoints"]))
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    judged = [e for e in report["endpoints"] if e["passed"] is not None]
    failed = [e["endpoint"] for e in judged if not e["passed"]]
    print(f"\n{len(judged) - len(failed)} of {len(judged)} endpoints within target; written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


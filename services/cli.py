"""``newsstream``: the one command that fronts the pipeline."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from services.common.logging import configure
from services.common.settings import Settings

cli = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)


def state_dir() -> Path:
    return Path(os.environ.get("NEWSSTREAM_STATE_DIR", ".newsstream")).resolve()


def load_settings() -> Settings:
    """Settings from the environment; the env file the local services wrote fills in what the environment lacks."""
    env_file = state_dir() / "services.env"
    return Settings(_env_file=env_file if env_file.is_file() else None)


PathsArg = Annotated[list[Path], typer.Argument(exists=True, help="files or folders of .txt/.html articles")]


@cli.command()
def produce(paths: PathsArg) -> None:
    """Send article files to the raw topic (bad files go to the dead letters)."""
    replay(paths, rate=None, loop=1)


@cli.command()
def replay(
    paths: PathsArg,
    rate: Annotated[
        float | None, typer.Option(help="files per second (default: as fast as possible)")
    ] = None,
    loop: Annotated[int, typer.Option(min=1, help="send the folder this many times")] = 1,
) -> None:
    """Replay folders of articles as a stream."""
    from services.common.kafka import create_topics
    from services.producer.produce import produce as run

    settings = load_settings()
    configure(settings.log_level, stage="producer")

    async def go() -> None:
        await create_topics(settings)
        report = await run(settings, paths, rate=rate, loops=loop, progress=sys.stderr.isatty())
        typer.echo(
            f"sent {report.sent} articles, {report.rejected} rejected, in {report.seconds:.2f} s", err=True
        )

    asyncio.run(go())


@cli.command()
def process(paths: PathsArg) -> None:
    """Run every stage in-process, without Kafka; one JSON object per article on stdout."""
    from services.pipeline import process_paths

    settings = load_settings()
    configure(settings.log_level, stage="process")
    for output in process_paths(paths, max_bytes=settings.max_file_bytes, max_chars=settings.max_text_chars):
        sys.stdout.write(json.dumps(output, ensure_ascii=False) + "\n")


@cli.command()
def worker(
    stage: Annotated[
        list[str] | None, typer.Option(help="stage(s) to run: cleaner, enricher, extractor (default: all)")
    ] = None,
) -> None:
    """Run Faust agents for the given stages (all three by default)."""
    import faust

    from services.app import STAGES, create_app
    from services.common.kafka import create_topics
    from services.common.logging import dict_config

    settings = load_settings()
    stages = stage or list(STAGES)
    configure(settings.log_level, stage="+".join(stages))
    # Faust would ignore a missing source topic until its next metadata refresh, minutes later.
    asyncio.run(create_topics(settings))
    app = create_app(settings, stages)
    faust.Worker(
        app,
        loglevel=settings.log_level,
        logging_config=dict_config(settings.log_level),
        redirect_stdouts=False,
    ).execute_from_commandline()


@cli.command()
def sink() -> None:
    """Write the typed topics to Postgres (migrations are applied at start)."""
    import signal

    from services.common.kafka import create_topics
    from services.sink.consumer import Sink

    settings = load_settings()
    configure(settings.log_level, stage="sink")

    async def go() -> None:
        await create_topics(settings)
        runner = Sink(settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, runner.stop)
        await runner.run()

    asyncio.run(go())


@cli.command("db-setup")
def db_setup(
    admin_url: Annotated[
        str | None,
        typer.Option(
            help="a superuser's libpq URL for the sink's database (else $NEWSSTREAM_DB_ADMIN_URL or the secret"
            " file newsstream_db_admin_url)",
            show_default=False,
        ),
    ] = None,
    role: Annotated[str, typer.Option(help="the sink's role")] = "newsstream_sink",
    schema: Annotated[str, typer.Option(help="the schema the role owns (its tables go there)")] = "newsstream",
    password_file: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="file holding the role's password")
    ] = None,
    reader_role: Annotated[
        str | None, typer.Option(help="also create this role, which can only read the sink's tables (the explorer's)")
    ] = None,
    reader_password_file: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="file holding the reader role's password")
    ] = None,
) -> None:
    """Create (or tighten) the sink's database role: it owns its schema and tables, nothing else."""
    import psycopg

    from services.sink.roles import role_report, setup_reader_role, setup_sink_role

    configured = load_settings().db_admin_url
    admin_url = admin_url or (configured.get_secret_value() if configured else None)
    if not admin_url:
        raise typer.BadParameter("give --admin-url or set NEWSSTREAM_DB_ADMIN_URL", param_hint="--admin-url")
    password = password_file.read_text(encoding="utf-8").strip() if password_file else None
    with psycopg.connect(admin_url, autocommit=True) as conn:
        setup_sink_role(conn, role=role, schema=schema, password=password)
        typer.echo(f"role {role}: {role_report(conn, role=role, schema=schema)}")
        if reader_role:
            secret = reader_password_file.read_text(encoding="utf-8").strip() if reader_password_file else None
            setup_reader_role(conn, role=reader_role, owner=role, schema=schema, password=secret)
            typer.echo(f"role {reader_role}: reads schema {schema}, writes nothing")


@cli.command()
def web(
    host: Annotated[str | None, typer.Option(help="address to listen on (default: 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default: 8080)")] = None,
) -> None:
    """Serve the events explorer: a read-only page and JSON API over what landed in Postgres."""
    import uvicorn

    from services.web.app import create_app
    from services.web.db import NotConfigured, Unreachable, WriterRole, preflight, reader_conninfo

    settings = load_settings()
    configure(settings.log_level, stage="web")
    try:  # a missing URL, a stopped Postgres or a role that can write: one line, before any server starts
        asyncio.run(preflight(reader_conninfo(settings)))
    except (NotConfigured, Unreachable, WriterRole) as exc:
        typer.echo(f"newsstream web: {exc}", err=True)
        raise typer.Exit(2) from exc
    host, port = host or settings.explorer_host, port or settings.explorer_port
    typer.echo(f"explorer on http://{host}:{port}/ (API schema: /api/openapi.json)", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)


@cli.command()
def topics() -> None:
    """Create the pipeline's topics (idempotent)."""
    from services.common.kafka import create_topics

    settings = load_settings()
    configure(settings.log_level, stage="admin")
    created = asyncio.run(create_topics(settings))
    typer.echo(f"created: {', '.join(created) or 'none (all exist)'}")


@cli.command()
def summary() -> None:
    """Print what landed in Postgres."""
    from services.demo import print_summary

    asyncio.run(print_summary(load_settings()))


@cli.command()
def demo(
    seeds: Annotated[Path, typer.Option(exists=True, help="folder to replay")] = Path("seeds"),
    keep_services: Annotated[bool, typer.Option(help="leave Kafka and Postgres running afterwards")] = False,
) -> None:
    """Start Kafka and Postgres, run every stage and the sink, replay the seeds, and show what landed."""
    from services.demo import run_demo

    configure(os.environ.get("NEWSSTREAM_LOG_LEVEL", "INFO"), stage="demo")
    raise typer.Exit(run_demo(seeds, state_dir(), keep_services=keep_services))


@cli.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(ctx: typer.Context) -> None:
    """Benchmark: stage and end-to-end throughput, latency, 1 vs 2 workers, RSS (python -m services.bench -h)."""
    from services.bench.__main__ import main as bench_main

    raise typer.Exit(bench_main(list(ctx.args)))


@cli.command("eval")
def evaluate(
    corpus: Annotated[
        list[str] | None,
        typer.Option(help="regression (committed, the default), real (texts from --texts), seeds (--gold); repeatable"),
    ] = None,
    gold: Annotated[Path, typer.Option(help="the seed gold file")] = Path("../shared/eval/seeds-gold.json"),
    seeds: Annotated[Path, typer.Option(help="the seed articles")] = Path("seeds"),
    texts: Annotated[Path | None, typer.Option(help="folder of the real set's texts")] = None,
    blind_details: Annotated[bool, typer.Option(help="print the blind halves' tables too")] = False,
) -> None:
    """Score the events against gold: the regression set by default, the real-article set and the seed gold
    when asked (each corpus by halves, dev and blind, with a confusion matrix of types)."""
    from services.evaluation import format_report, load_gold, score
    from services.evaluation.corpus import CORPORA, REAL_TEXTS, MissingGold
    from services.evaluation.corpus_report import corpus_report
    from services.pipeline import process_paths

    configure("WARNING", stage="eval")
    chosen = corpus or ["regression"]
    unknown = sorted(set(chosen) - {"regression", "real", "seeds"})
    if unknown:
        known = "regression, real or seeds"
        raise typer.BadParameter(f"unknown corpus {', '.join(unknown)}: {known}", param_hint="--corpus")
    for name in chosen:
        if name == "seeds":
            if not gold.is_file():
                raise typer.BadParameter(f"no seed gold at {gold}", param_hint="--gold")
            if not seeds.is_dir():
                raise typer.BadParameter(f"no seed folder at {seeds}", param_hint="--seeds")
            settings = load_settings()
            outputs = [o for o in process_paths([seeds], max_bytes=settings.max_file_bytes) if "error" not in o]
            typer.echo("== seeds")
            typer.echo(format_report(score(outputs, load_gold(gold))))
            continue
        folder = CORPORA / name
        texts_dir = folder / "texts" if name == "regression" else (texts or REAL_TEXTS)
        if not texts_dir.is_dir():
            raise typer.BadParameter(f"no folder of texts at {texts_dir}", param_hint="--texts")
        try:
            typer.echo(corpus_report(name, folder, texts_dir, blind_details=blind_details))
        except MissingGold as exc:
            raise typer.BadParameter(str(exc), param_hint="--corpus") from exc


@cli.command()
def services(action: Annotated[str, typer.Argument(help="up, down, status or env")]) -> None:
    """Start or stop the project's local Kafka and Postgres (no Docker needed)."""
    from services.devservices.__main__ import main as devservices_main

    raise typer.Exit(devservices_main([action]))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

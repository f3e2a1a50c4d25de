"""The env file, the default state dir and the CLI of services.devservices, without starting servers."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from services.devservices import __main__ as cli
from services.devservices import kafka, postgres, stack


def test_env_lines_round_trip() -> None:
    values = {"NEWSSTREAM_KAFKA_BOOTSTRAP": "127.0.0.1:1", "NEWSSTREAM_DATABASE_URL": "postgresql://x@y:2/z"}
    text = stack.render_env(values)
    assert text == "NEWSSTREAM_KAFKA_BOOTSTRAP=127.0.0.1:1\nNEWSSTREAM_DATABASE_URL=postgresql://x@y:2/z\n"
    assert stack.parse_env("# comment\n\n" + text) == values


def test_export_lines_survive_a_shell() -> None:
    values = {"A": "postgresql://u:p w&x@h/db", "B": "127.0.0.1:9"}
    script = stack.render_env(values, export=True) + 'printf "%s|%s" "$A" "$B"'
    assert stack.render_env(values, export=True).startswith("export A=")
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True).stdout
    assert out == "postgresql://u:p w&x@h/db|127.0.0.1:9"
    assert shlex.split(stack.render_env({"B": "1"}, export=True)) == ["export", "B=1"]


def test_env_file_written_from_stored_ports(tmp_path: Path) -> None:
    kports = kafka.ensure_ports(tmp_path)
    pg_port = postgres.ensure_port(tmp_path, exclude=(kports.port, kports.controller_port))
    assert pg_port not in (kports.port, kports.controller_port)
    stack._write_env(tmp_path)
    assert stack.read_env(tmp_path) == {
        "NEWSSTREAM_KAFKA_BOOTSTRAP": f"127.0.0.1:{kports.port}",
        "NEWSSTREAM_DATABASE_URL": f"postgresql://newsstream@127.0.0.1:{pg_port}/newsstream",
        # the explorer's role, which can only read
        "NEWSSTREAM_EXPLORER_DATABASE_URL": f"postgresql://newsstream_reader@127.0.0.1:{pg_port}/newsstream",
    }
    assert (
        stack.env_lines(tmp_path, export=True)[0]
        == f"export NEWSSTREAM_KAFKA_BOOTSTRAP=127.0.0.1:{kports.port}"
    )


def test_env_before_up_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(stack.DevServiceError, match=r"run `python -m services\.devservices up` first"):
        stack.read_env(tmp_path)
    assert cli.main(["--state-dir", str(tmp_path), "env"]) == 1


def test_default_state_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSSTREAM_STATE_DIR", str(tmp_path / "explicit"))
    assert stack.default_state_dir() == tmp_path / "explicit"
    monkeypatch.delenv("NEWSSTREAM_STATE_DIR")
    repo = tmp_path / "repo"
    (repo / "services" / "x").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[project]\nname = "newsstream"\n')
    assert stack.default_state_dir(repo / "services" / "x") == repo / ".newsstream"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert stack.default_state_dir(elsewhere) == elsewhere / ".newsstream"


def test_status_and_down_of_an_empty_state_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    st = stack.status(tmp_path)
    assert not st.all_running
    assert stack.down(tmp_path) == (False, False)
    assert cli.main(["--state-dir", str(tmp_path), "status"]) == 1
    assert "stopped" in capsys.readouterr().out


def test_socket_dir_fits_in_sun_path(tmp_path: Path) -> None:
    short = Path("/tmp/s/postgres")
    assert postgres.socket_dir_for(short) == short / "sock"
    long = tmp_path / ("d" * 120) / "postgres"
    sock = postgres.socket_dir_for(long)
    assert len(str(sock)) <= postgres.MAX_SOCKET_DIR_LEN
    assert sock == postgres.socket_dir_for(long)  # stable: a restart finds the same socket


def test_database_url() -> None:
    assert postgres.database_url(5433) == "postgresql://newsstream@127.0.0.1:5433/newsstream"


def test_cli_knows_the_commands() -> None:
    parser = cli.build_parser()
    for command in ("up", "down", "status", "env", "kafka-up", "kafka-down", "postgres-up", "postgres-down"):
        assert parser.parse_args([command]).command == command
    with pytest.raises(SystemExit):
        parser.parse_args(["launch"])

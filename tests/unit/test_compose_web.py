"""docker-compose.yml's events explorer (`web`) and its read-only role: the port is published on the host's
loopback only, the service gets the reader's URL and no other database credential, `db-setup` creates the reader
role, and deploy/local/make-secrets.sh writes every secret file the compose file names.

The project's environment has no YAML parser, so these tests read the compose file by its indentation (two spaces a
level, block style, as it is written); one more test parses it fully where PyYAML is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from services.common.settings import Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
MAKE_SECRETS = REPO / "deploy" / "local" / "make-secrets.sh"
PUBLISHED = "127.0.0.1:${EXPLORER_HOST_PORT:-8080}:8080"
OTHER_DB_CREDENTIALS = ("newsstream_database_url", "newsstream_db_admin_url", "sink_db_password", "postgres_password")


def _children(lines: list[str], key: str, indent: int) -> list[str]:
    """The lines under ``key:`` at ``indent`` spaces, up to the next line indented as much or less."""
    head = re.compile(rf"^ {{{indent}}}{re.escape(key)}:(\s|$)")
    for i, line in enumerate(lines):
        if head.match(line):
            body = []
            for following in lines[i + 1 :]:
                stripped = following.strip()
                if stripped and not stripped.startswith("#") and len(following) - len(following.lstrip()) <= indent:
                    break
                body.append(following)
            return body
    raise AssertionError(f"no {key!r} at indent {indent}")


def _service(name: str) -> list[str]:
    return _children(_children(COMPOSE.read_text().splitlines(), "services", 0), name, 2)


def _items(lines: list[str], key: str, indent: int = 4) -> list[str]:
    """A block list's items (``- item``), unquoted."""
    return [
        line.strip()[2:].strip().strip('"') for line in _children(lines, key, indent) if line.strip().startswith("- ")
    ]


def _top_level_secrets() -> dict[str, str]:
    block = _children(COMPOSE.read_text().splitlines(), "secrets", 0)
    names = [line.strip().rstrip(":") for line in block if re.match(r"^  \S", line)]
    return {name: _children(block, name, 2)[0].split("file:", 1)[1].strip() for name in names}


def test_the_explorer_is_published_on_the_hosts_loopback_only() -> None:
    web = _service("web")
    assert _items(web, "ports") == [PUBLISHED]
    # ...and listens on every interface of its container, or the published port would reach nothing.
    environment = "\n".join(_children(web, "environment", 4))
    assert re.search(r"^\s+NEWSSTREAM_EXPLORER_HOST: \"?0\.0\.0\.0\"?$", environment, re.M)
    assert re.search(r"^\s+NEWSSTREAM_EXPLORER_PORT: \"?8080\"?$", environment, re.M)
    # the shared settings (Kafka for the lag figure, the log level) still reach it
    assert "<<: *newsstream-environment" in environment
    assert "environment: &newsstream-environment" in COMPOSE.read_text()


def test_every_published_port_binds_the_loopback() -> None:
    services = _children(COMPOSE.read_text().splitlines(), "services", 0)
    names = [line.strip().rstrip(":") for line in services if re.match(r"^  [a-z][\w-]*:$", line)]
    published = {name: _items(_service(name), "ports") for name in names if "    ports:" in _service(name)}
    assert "web" in published
    for name, ports in published.items():
        assert ports and all(port.startswith("127.0.0.1:") for port in ports), (name, ports)


def test_the_explorer_gets_the_readers_url_and_no_other_database_credential() -> None:
    web = _service("web")
    assert _items(web, "secrets") == ["newsstream_explorer_database_url"]
    text = "\n".join(line for line in web if not line.strip().startswith("#")).lower()
    for credential in OTHER_DB_CREDENTIALS:
        assert credential not in text
    assert "database_url:" not in text and "db_admin_url:" not in text  # nor as an environment variable
    assert _top_level_secrets()["newsstream_explorer_database_url"] == ".secrets/newsstream_explorer_database_url"


def test_the_secret_files_name_is_the_explorers_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSSTREAM_EXPLORER_DATABASE_URL", raising=False)
    (tmp_path / "newsstream_explorer_database_url").write_text("postgresql://newsstream_reader:pw@postgres/db\n")
    monkeypatch.setenv("NEWSSTREAM_SECRETS_DIR", str(tmp_path))
    url = Settings().explorer_database_url
    assert url is not None and url.get_secret_value() == "postgresql://newsstream_reader:pw@postgres/db"


def test_the_explorer_waits_for_its_role_and_the_sinks_tables_and_has_a_healthcheck() -> None:
    web = _service("web")
    text = "\n".join(web)
    assert re.search(r"^    command: \[\"web\"\]$", text, re.M)
    assert re.search(r"^    restart: unless-stopped$", text, re.M)
    depends = "\n".join(_children(web, "depends_on", 4))
    for service, condition in [
        ("postgres", "service_healthy"),
        ("db-setup", "service_completed_successfully"),
        ("sink", "service_healthy"),
    ]:
        assert re.search(rf"^      {service}:\n        condition: {condition}$", depends, re.M), service
    health = "\n".join(_children(web, "healthcheck", 4))
    assert "urllib.request.urlopen('http://127.0.0.1:8080/api/counts'" in health


def test_db_setup_creates_the_reader_role() -> None:
    db_setup = _service("db-setup")
    command = _items(db_setup, "command")
    assert command[0] == "db-setup"
    assert command[command.index("--reader-role") + 1] == "newsstream_reader"
    assert command[command.index("--reader-password-file") + 1] == "/run/secrets/reader_db_password"
    assert command[command.index("--password-file") + 1] == "/run/secrets/sink_db_password"
    assert set(_items(db_setup, "secrets")) == {"newsstream_db_admin_url", "sink_db_password", "reader_db_password"}
    assert _top_level_secrets()["reader_db_password"] == ".secrets/reader_db_password"


def _run_make_secrets(root: Path) -> dict[str, str]:
    script = root / "deploy" / "local" / "make-secrets.sh"
    script.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(MAKE_SECRETS, script)
    subprocess.run(["bash", str(script)], check=True, capture_output=True, timeout=60)
    return {path.name: path.read_text() for path in sorted((root / ".secrets").iterdir())}


@pytest.mark.skipif(shutil.which("python3") is None, reason="make-secrets.sh runs python3")
def test_make_secrets_writes_the_readers_password_and_url_once(tmp_path: Path) -> None:
    first = _run_make_secrets(tmp_path)
    # every secret file docker-compose.yml names, and no other
    assert {f".secrets/{name}" for name in first} == set(_top_level_secrets().values())
    reader = first["reader_db_password"].strip()
    url = conninfo_to_dict(first["newsstream_explorer_database_url"].strip())
    assert url == {
        "user": "newsstream_reader", "password": reader, "host": "postgres", "port": "5432", "dbname": "newsstream"
    }  # fmt: skip
    assert reader not in (first["sink_db_password"], first["postgres_password"])
    assert conninfo_to_dict(first["newsstream_database_url"].strip())["user"] == "newsstream_sink"
    # idempotent: a second run keeps every password, so the URLs come out the same
    assert _run_make_secrets(tmp_path) == first


@pytest.mark.skipif(shutil.which("python3") is None, reason="make-secrets.sh runs python3")
def test_make_secrets_adds_the_readers_files_to_an_older_secrets_dir(tmp_path: Path) -> None:
    first = _run_make_secrets(tmp_path)
    for name in ("reader_db_password", "newsstream_explorer_database_url"):
        (tmp_path / ".secrets" / name).unlink()  # as make-secrets.sh left it before the explorer existed
    second = _run_make_secrets(tmp_path)
    assert second["sink_db_password"] == first["sink_db_password"]
    assert second["postgres_password"] == first["postgres_password"]
    reader = second["reader_db_password"].strip()
    assert reader and conninfo_to_dict(second["newsstream_explorer_database_url"].strip())["password"] == reader


def test_the_whole_file_parsed_as_yaml() -> None:
    """The merged web service, as Compose reads it (anchors and merge keys resolved)."""
    import yaml

    compose = yaml.safe_load(COMPOSE.read_text())
    web = compose["services"]["web"]
    assert web["image"] == compose["services"]["sink"]["image"] == "newsstream:local"
    assert web["command"] == ["web"] and web["restart"] == "unless-stopped"
    assert web["ports"] == [PUBLISHED]
    assert web["secrets"] == ["newsstream_explorer_database_url"]
    assert web["environment"]["NEWSSTREAM_EXPLORER_HOST"] == "0.0.0.0"
    assert str(web["environment"]["NEWSSTREAM_EXPLORER_PORT"]) == "8080"
    assert web["environment"]["NEWSSTREAM_KAFKA_BOOTSTRAP"] == "kafka:9092"
    assert web["depends_on"]["db-setup"] == {"condition": "service_completed_successfully"}
    assert web["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert "sink" in web["depends_on"]
    assert "/api/counts" in " ".join(web["healthcheck"]["test"])
    command = compose["services"]["db-setup"]["command"]
    assert command[command.index("--reader-role") + 1] == "newsstream_reader"
    assert set(compose["secrets"]) >= {"reader_db_password", "newsstream_explorer_database_url"}

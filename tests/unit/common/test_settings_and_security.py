"""Settings from the environment and secret files; Kafka and Postgres TLS options; static checks that SQL is
parameterised and that containers do not run as root."""

from __future__ import annotations

import ast
import ssl
from pathlib import Path

import pytest

from services.app import broker_credentials
from services.common.kafka import client_options
from services.common.settings import Settings

REPO = Path(__file__).resolve().parents[3]


def test_secrets_come_from_files_in_the_secrets_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSSTREAM_DATABASE_URL", raising=False)
    monkeypatch.delenv("NEWSSTREAM_KAFKA_SASL_PASSWORD", raising=False)
    (tmp_path / "newsstream_database_url").write_text("postgresql://sink:s3cret@db:5432/newsstream\n")
    (tmp_path / "newsstream_kafka_sasl_password").write_text("kafka-s3cret")
    monkeypatch.setenv("NEWSSTREAM_SECRETS_DIR", str(tmp_path))
    settings = Settings()
    assert settings.database_url.get_secret_value() == "postgresql://sink:s3cret@db:5432/newsstream"
    assert settings.kafka_sasl_password is not None
    assert settings.kafka_sasl_password.get_secret_value() == "kafka-s3cret"
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_the_environment_wins_over_a_secret_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "newsstream_database_url").write_text("postgresql://from-file/db")
    monkeypatch.setenv("NEWSSTREAM_SECRETS_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSSTREAM_DATABASE_URL", "postgresql://from-env/db")
    assert Settings().database_url.get_secret_value() == "postgresql://from-env/db"


def test_postgres_tls_settings_go_into_the_connection_string(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    settings = Settings(
        database_url="postgresql://sink@db:5432/newsstream?sslmode=prefer",  # type: ignore[arg-type]
        database_sslmode="verify-full",
        database_sslrootcert=ca,
    )
    conninfo = settings.database_conninfo()
    assert "sslmode=verify-full" in conninfo and f"sslrootcert={ca}" in conninfo and "host=db" in conninfo


def test_kafka_sasl_over_tls_options() -> None:
    settings = Settings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="sink",
        kafka_sasl_password="pw",  # type: ignore[arg-type]
    )
    options = client_options(settings)
    assert options["security_protocol"] == "SASL_SSL" and options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_password"] == "pw" and isinstance(options["ssl_context"], ssl.SSLContext)
    creds = broker_credentials(settings)
    assert creds is not None and creds.protocol.value == "SASL_SSL"  # type: ignore[attr-defined]


def test_kafka_sasl_without_a_password_is_refused() -> None:
    with pytest.raises(ValueError, match="SASL_PASSWORD"):
        broker_credentials(Settings(kafka_security_protocol="SASL_PLAINTEXT", kafka_sasl_mechanism="PLAIN"))


def test_plaintext_kafka_has_no_credentials() -> None:
    assert broker_credentials(Settings()) is None
    assert "ssl_context" not in client_options(Settings())


def _sql_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"execute", "executemany"}
        and node.args
    ]


def _is_constant_text(node: ast.expr, constants: set[str]) -> bool:
    """A literal, a module constant, or an f-string/concatenation of those (column lists): no runtime value."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and _is_constant_text(v.value, constants))
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_constant_text(node.left, constants) and _is_constant_text(node.right, constants)
    return False


def _is_composed(node: ast.expr) -> bool:
    """psycopg.sql composition (sql.SQL(...).format(Identifier...)): identifiers quoted, values still bound."""
    text = ast.unparse(node)
    return "sql.SQL(" in text or ("SQL(" in text and ".format(" in text)


def test_sql_is_parameterised_everywhere() -> None:
    offenders = []
    for path in sorted((REPO / "services").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name) and (t.id.isupper() or t.id.startswith("_"))
        }
        for call in _sql_calls(tree):
            query = call.args[0]
            if _is_constant_text(query, constants) or _is_composed(query):
                continue
            if isinstance(query, ast.Name | ast.Subscript | ast.Attribute):
                continue  # a prepared statement built once from sql.* parts (services/sink/sql.py)
            offenders.append(f"{path.relative_to(REPO)}:{call.lineno}: {ast.unparse(query)[:100]}")
    assert offenders == [], "SQL built from runtime values:\n" + "\n".join(offenders)


def test_containers_run_as_a_non_root_user() -> None:
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    users = [line.split()[1] for line in dockerfile.splitlines() if line.strip().upper().startswith("USER ")]
    assert users and users[-1] not in {"root", "0", "0:0"}
    compose = (REPO / "docker-compose.yml").read_text()
    assert "user: root" not in compose and 'user: "0' not in compose

"""The pure parts of the Kafka launcher: server.properties rendering, cluster ids, the jar cache's marker."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from services.common.cache import cache_root
from services.devservices import kafka


def _parse(properties: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in properties.splitlines() if line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    text = kafka.render_server_properties(
        kafka.TEMPLATE.read_text(), port=29092, controller_port=29093, log_dir=Path("/state/kafka/data")
    )
    return _parse(text)


def test_renders_a_combined_kraft_node(rendered: dict[str, str]) -> None:
    assert rendered["process.roles"] == "broker,controller"
    assert rendered["node.id"] == "1"
    assert rendered["controller.quorum.voters"] == "1@127.0.0.1:29093"
    assert rendered["controller.listener.names"] == "CONTROLLER"


def test_listens_on_loopback_only_at_the_chosen_ports(rendered: dict[str, str]) -> None:
    assert rendered["listeners"] == "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093"
    assert rendered["advertised.listeners"] == "PLAINTEXT://127.0.0.1:29092"


def test_single_broker_settings(rendered: dict[str, str]) -> None:
    assert rendered["log.dirs"] == "/state/kafka/data"
    assert rendered["offsets.topic.replication.factor"] == "1"
    assert rendered["transaction.state.log.replication.factor"] == "1"
    assert rendered["transaction.state.log.min.isr"] == "1"
    assert rendered["group.initial.rebalance.delay.ms"] == "0"
    assert rendered["num.partitions"] == "4"
    assert rendered["auto.create.topics.enable"] == "false"


def test_no_placeholder_left(rendered: dict[str, str]) -> None:
    assert not any("$" in value for value in rendered.values())


def test_an_unfilled_placeholder_is_an_error() -> None:
    with pytest.raises(KeyError):
        kafka.render_server_properties(
            "a=${port}\nb=${unknown}\n", port=1, controller_port=2, log_dir=Path("/x")
        )


def test_cluster_ids_are_kafka_uuids() -> None:
    ids = {kafka.new_cluster_id() for _ in range(500)}
    assert len(ids) == 500
    for cluster_id in ids:
        assert len(cluster_id) == 22
        assert not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_libs_complete_needs_the_marker_and_every_jar(tmp_path: Path) -> None:
    libs = tmp_path / "libs"
    libs.mkdir()
    for name in ("a.jar", "b.jar"):
        (libs / name).write_bytes(b"")
    assert not kafka.libs_complete(libs)  # no marker: a fetch that did not finish
    (libs / kafka.MARKER).write_text("2\n")
    assert kafka.libs_complete(libs)
    (libs / "b.jar").unlink()
    assert not kafka.libs_complete(libs)


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSSTREAM_CACHE", str(tmp_path))
    assert kafka.libs_dir() == tmp_path / "kafka-3.9.1" / "libs"
    monkeypatch.delenv("NEWSSTREAM_CACHE")
    assert cache_root() == Path.home() / ".cache" / "newsstream"


def test_ports_are_kept_for_restarts(tmp_path: Path) -> None:
    first = kafka.ensure_ports(tmp_path)
    assert first.port != first.controller_port
    assert kafka.ensure_ports(tmp_path) == first
    assert kafka.stored_ports(tmp_path) == first
    assert kafka.bootstrap_for(first) == f"127.0.0.1:{first.port}"


def test_status_of_a_state_dir_without_a_broker(tmp_path: Path) -> None:
    st = kafka.status(tmp_path)
    assert not st.running
    assert st.pid is None
    assert st.bootstrap is None
    assert kafka.stop(tmp_path) is False


def test_missing_tool_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(kafka.DevServiceError, match="`mvn` was not found"):
        kafka.require_tool("mvn", "install Maven")


def test_broker_runs_c1_only_and_kafka_opts_come_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_OPTS", "-XX:TieredStopAtLevel=4 -Dnote='two words'")
    argv = kafka._broker_argv("java", Path("/libs"), Path("/state/kafka"))
    # The JVM takes the last of repeated options: the user's win.
    assert argv.index("-XX:TieredStopAtLevel=1") < argv.index("-XX:TieredStopAtLevel=4")
    assert "-Dnote=two words" in argv
    assert argv[-2:] == ["kafka.Kafka", "/state/kafka/server.properties"]

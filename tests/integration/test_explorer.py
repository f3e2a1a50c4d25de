"""The explorer over the demo's data: its API and exports against Postgres' own counts, its escaping and its
answers to bad parameters, its read-only role, and its pages in a real browser (Debian's Chromium, driven by
Playwright), which writes the screenshots the README shows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import psycopg
import pytest

from services.devservices.isolation import free_port
from tests.integration.conftest import REPO, isolate
from tests.integration.explorer import (
    HOSTILE_ID,
    HOSTILE_TITLE,
    Explorer,
    add_hostile_article,
    reader_url,
    seeds_replayed,
    serve,
)
from tests.integration.services import Endpoints

BUSIEST_EVENT = "SELECT event_id FROM events WHERE merged_into IS NULL ORDER BY num_mentions DESC, event_id LIMIT 1"
SCREENSHOTS = REPO / "services" / "web" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# Chromium's own calls home are refused on a closed network, many at a time: off (see services/web/README.md).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def explorer(services_endpoints: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Explorer]:
    with isolate(services_endpoints) as iso:
        owner = iso.settings.database_url.get_secret_value()
        seeds_replayed(iso.settings, tmp_path_factory.mktemp("explorer-logs"), REPO / "seeds")
        add_hostile_article(owner)
        reader = reader_url(owner)
        with serve(iso.settings, reader) as url:
            yield Explorer(url=url, database_url=owner, reader_url=reader, settings=iso.settings)


def scalar(url: str, statement: str, params: tuple[Any, ...] = ()) -> Any:
    with psycopg.connect(url) as conn:
        row = conn.execute(statement, params).fetchone()  # type: ignore[arg-type]
        return row[0] if row else None


def get(explorer: Explorer, path: str, **params: Any) -> httpx.Response:
    return httpx.get(explorer.url + path, params=params, timeout=30)


# --- the API against Postgres ---------------------------------------------------------------------------------


def test_counts_are_postgres_counts(explorer: Explorer) -> None:
    counts = get(explorer, "/api/counts").json()
    db = explorer.database_url
    assert counts["articles"] == scalar(db, "SELECT count(*) FROM articles") == 6  # five seeds and the hostile one
    assert counts["events"] == scalar(db, "SELECT count(*) FROM events WHERE merged_into IS NULL") > 0
    assert counts["mentions"] == scalar(db, "SELECT count(*) FROM event_mentions") > counts["events"] - 1
    assert counts["dead_letters"] == scalar(db, "SELECT count(*) FROM dead_letters") == 0
    assert counts["lag"] == 0, counts  # drained: the replay is over


def test_event_pages_cover_every_event_once(explorer: Explorer) -> None:
    total = scalar(explorer.database_url, "SELECT count(*) FROM events WHERE merged_into IS NULL")
    seen: list[str] = []
    page = 1
    while True:
        body = get(explorer, "/api/events", per_page=7, page=page).json()
        assert body["total"] == total
        if not body["items"]:
            break
        seen += [e["event_id"] for e in body["items"]]
        page += 1
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    ("params", "condition"),
    [
        ({"type": "ASSAULT"}, "type = 'ASSAULT'"),
        ({"country": "RUS"}, "'RUS' = ANY(actor_countries || recipient_countries)"),
        ({"start": "2020-02-01", "end": "2020-02-10"},
         "coalesce(date, first_reported) BETWEEN '2020-02-01' AND '2020-02-10'"),
        ({"q": "Idlib"}, "event_id IN (SELECT event_id FROM event_mentions WHERE sentence ~* '\\mIdlib\\M')"),
    ],
)  # fmt: skip
def test_each_filter_returns_what_sql_says(explorer: Explorer, params: dict[str, str], condition: str) -> None:
    expected = scalar(explorer.database_url, f"SELECT count(*) FROM events WHERE merged_into IS NULL AND {condition}")
    assert expected > 0
    assert get(explorer, "/api/events", **params).json()["total"] == expected
    timeline = get(explorer, "/api/timeline", **params).json()
    undated_unreported = scalar(
        explorer.database_url,
        f"SELECT count(*) FROM events WHERE merged_into IS NULL AND {condition}"
        " AND date IS NULL AND first_reported IS NULL",
    )
    assert sum(d["events"] for d in timeline) == expected - undated_unreported


def test_an_outlet_filter_keeps_the_events_it_reported(explorer: Explorer) -> None:
    outlet = scalar(explorer.database_url, "SELECT source FROM articles WHERE source = 'Duvar English' LIMIT 1")
    expected = scalar(
        explorer.database_url,
        "SELECT count(DISTINCT m.event_id) FROM event_mentions m JOIN articles a USING (article_id)"
        " JOIN events e ON e.event_id = m.event_id WHERE a.source = %s AND e.merged_into IS NULL",
        (outlet,),
    )
    assert expected > 0
    assert get(explorer, "/api/events", outlet=outlet).json()["total"] == expected


def test_an_event_comes_with_its_mentions_and_their_articles(explorer: Explorer) -> None:
    event_id = scalar(explorer.database_url, BUSIEST_EVENT)
    body = get(explorer, f"/api/events/{event_id}").json()
    mentions = scalar(explorer.database_url, "SELECT count(*) FROM event_mentions WHERE event_id = %s", (event_id,))
    assert len(body["mentions"]) == mentions == body["event"]["num_mentions"] >= 2
    for m in body["mentions"]:
        assert m["sentence"] and m["outlet"] and m["published"]
    assert get(explorer, "/api/events/nope").status_code == 404


def test_exports_hold_the_filtered_rows(explorer: Explorer) -> None:
    db = explorer.database_url
    events = scalar(db, "SELECT count(*) FROM events WHERE merged_into IS NULL AND type = 'CONSULT'")
    mentions = scalar(
        db,
        "SELECT count(*) FROM event_mentions m JOIN events e ON e.event_id = m.event_id"
        " WHERE e.merged_into IS NULL AND e.type = 'CONSULT'",
    )
    rows = list(csv.DictReader(io.StringIO(get(explorer, "/api/export/events.csv", type="CONSULT").text)))
    assert len(rows) == events > 0
    assert {r["EventType"] for r in rows} == {"CONSULT"} and all(r["GLOBALEVENTID"] for r in rows)
    frame = pd.read_parquet(io.BytesIO(get(explorer, "/api/export/mentions.parquet", type="CONSULT").content))
    assert len(frame) == mentions
    assert {"GLOBALEVENTID", "MentionSourceName", "Sentence", "Confidence"} <= set(frame.columns)
    everything = pd.read_parquet(io.BytesIO(get(explorer, "/api/export/events.parquet").content))
    assert len(everything) == scalar(db, "SELECT count(*) FROM events WHERE merged_into IS NULL")
    assert {"SQLDATE", "Actor1CountryCode", "Actor2CountryCode", "ActionGeo_Lat", "NumMentions"} <= set(everything)


def test_the_api_is_described_by_openapi(explorer: Explorer) -> None:
    schema = get(explorer, "/api/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/timeline", "/api/map",
            "/api/counts", "/api/export/{kind}.csv", "/api/export/{kind}.parquet"} <= set(paths)  # fmt: skip
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"type", "country", "start", "end", "outlet", "q", "page", "per_page"} <= params
    assert all(set(ops) == {"get"} for ops in paths.values())


# --- safety ---------------------------------------------------------------------------------------------------


def test_markup_in_an_article_is_shown_as_text(explorer: Explorer) -> None:
    page = get(explorer, f"/articles/{HOSTILE_ID}").text
    assert "<script>alert" not in page and "onerror=" not in page.replace("onerror=&#34;", "")
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # the cleaner's cut lines too
    assert get(explorer, f"/api/articles/{HOSTILE_ID}").json()["title"] == HOSTILE_TITLE
    csp = get(explorer, "/").headers["content-security-policy"]
    assert "script-src 'self'" in csp


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/events", {"start": "2020-02-31"}, "start"),
        ("/api/events", {"country": "Syria"}, "country"),
        ("/api/events", {"type": "WAR"}, "type"),
        ("/api/events", {"per_page": "9999"}, "per_page"),
        ("/api/timeline", {"start": "2020-03-01", "end": "2020-02-01"}, "end"),
        ("/api/export/events.csv", {"colour": "red"}, "colour"),
        ("/", {"page": "zero"}, "page"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(
    explorer: Explorer, path: str, params: dict[str, str], parameter: str
) -> None:
    response = get(explorer, path, **params)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert [p["parameter"] for p in response.json()["problems"]] == [parameter]
    else:
        assert f"{parameter}:" in response.text


def test_nothing_writes(explorer: Explorer) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert httpx.request(method, explorer.url + "/api/events", timeout=10).status_code == 405
    with psycopg.connect(explorer.reader_url) as conn, pytest.raises(psycopg.Error):
        conn.execute("UPDATE events SET fatalities = 0")
    # Even with read-only transactions switched off, the role lacks the grant.
    with psycopg.connect(explorer.reader_url, autocommit=True) as conn, pytest.raises(
        psycopg.errors.InsufficientPrivilege
    ):
        conn.execute("SET default_transaction_read_only = off")
        conn.execute("DELETE FROM dead_letters")


def test_the_explorer_refuses_a_role_that_can_write(explorer: Explorer) -> None:
    import asyncio

    from services.web.db import WriterRole, refuse_writers

    async def check() -> None:
        async with await psycopg.AsyncConnection.connect(explorer.database_url) as conn:
            await refuse_writers(conn)

    with pytest.raises(WriterRole, match="can write"):
        asyncio.run(check())


# --- the pages in a browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = "no /usr/bin/chromium: `apt-get install chromium` (deploy/local/test.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    yield opened
    context.close()
    assert not errors, errors  # no script error, and no alert() from an article's markup


def expect(locator: Any) -> Any:
    # Playwright's assertions poll in the page without eval (which the explorer's CSP forbids).
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_page_draws_and_a_filter_narrows_table_and_url(explorer: Explorer, page: Any) -> None:
    page.goto(explorer.url + "/")
    total = scalar(explorer.database_url, "SELECT count(*) FROM events WHERE merged_into IS NULL")
    assert page.locator("#events tbody tr").count() == total
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#map g.land path").count() > 150
    assert page.locator("#map g.dots circle").count() > 0
    expect(page.locator("[data-count=articles]")).to_have_text("6")
    screenshot(page, "explorer")

    page.select_option("select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?*type=ASSAULT*")
    assaults = scalar(explorer.database_url, "SELECT count(*) FROM events WHERE merged_into IS NULL AND type='ASSAULT'")
    rows = page.locator("#events tbody tr")
    assert 0 < rows.count() == assaults < total
    assert set(page.locator("#events tbody td:first-child .type").all_inner_texts()) == {"ASSAULT"}
    assert page.locator("#total").inner_text() == str(assaults)

    shared = page.url  # the filter lives in the URL: a new tab opened on it shows the same rows
    other = page.context.new_page()
    other.goto(shared)
    assert other.locator("#events tbody tr").count() == assaults
    assert other.locator("select[name=type]").input_value() == "ASSAULT"
    other.close()
    screenshot(page, "explorer-filtered")


def test_an_events_page_shows_its_mentions_with_their_sentences(explorer: Explorer, page: Any) -> None:
    event_id = scalar(explorer.database_url, BUSIEST_EVENT)
    page.goto(explorer.url + "/")
    page.click(f"a[href='/events/{event_id}']")
    page.wait_for_url(f"**/events/{event_id}")
    mentions = page.locator("#mentions li.mention")
    assert mentions.count() == scalar(
        explorer.database_url, "SELECT count(*) FROM event_mentions WHERE event_id = %s", (event_id,)
    )
    sentences = scalar(
        explorer.database_url, "SELECT array_agg(sentence) FROM event_mentions WHERE event_id = %s", (event_id,)
    )
    shown = mentions.locator("blockquote.sentence").all_inner_texts()
    assert sorted(shown) == sorted(sentences)
    assert page.locator("#mentions mark.trigger").count() >= 1
    assert page.locator("#mentions mark.actor, #mentions mark.recipient").count() >= 1
    assert mentions.locator(".outlet").first.inner_text()
    screenshot(page, "explorer-event")


def test_an_articles_page_shows_the_lines_the_cleaner_removed(explorer: Explorer, page: Any) -> None:
    article_id, removed = next(
        row for row in psycopg.connect(explorer.database_url).execute(
            "SELECT article_id, jsonb_array_length(removed) FROM articles WHERE article_id <> %s"
            " ORDER BY jsonb_array_length(removed) DESC, article_id", (HOSTILE_ID,)
        )
    )  # fmt: skip
    assert removed > 0
    page.goto(f"{explorer.url}/articles/{article_id}")
    assert page.locator("#removed li").count() == removed
    assert page.locator("#removed .kind").first.inner_text()
    assert page.locator("#body mark.event").count() >= 1
    screenshot(page, "explorer-article")

    page.goto(f"{explorer.url}/articles/{HOSTILE_ID}")
    assert page.locator("#title").inner_text() == HOSTILE_TITLE
    assert page.locator("#body img").count() == 0 and page.locator("#removed script").count() == 0


def test_live_counts_follow_the_database(explorer: Explorer, page: Any) -> None:
    page.goto(explorer.url + "/")
    articles = page.locator("[data-count=articles]")
    expect(articles).to_have_text("6")
    with psycopg.connect(explorer.database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO articles (article_id, source_path, body, word_count) VALUES ('0live0article000', 'x', 'x', 1)"
        )
    try:
        # refreshed in place: the page is not reloaded, the count moves
        expect(articles).to_have_text("7", timeout=15000)
    finally:
        with psycopg.connect(explorer.database_url, autocommit=True) as conn:
            conn.execute("DELETE FROM articles WHERE article_id = '0live0article000'")


def test_screenshots_are_where_the_readme_links_them() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("explorer", "explorer-filtered", "explorer-event", "explorer-article"):
        assert f"services/web/screenshots/{name}.png" in readme
        assert (SCREENSHOTS / f"{name}.png").is_file()



# --- the command ----------------------------------------------------------------------------------------------


def listening_address(port: int) -> str | None:
    """The local address a LISTEN socket on ``port`` is bound to, from /proc/net/tcp (hex, little-endian)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            return ".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0))
    return None


def web_command(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli", "web", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_newsstream_web_listens_on_loopback_through_the_reader(explorer: Explorer, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "NEWSSTREAM_STATE_DIR": str(tmp_path), "NEWSSTREAM_EXPLORER_DATABASE_URL": explorer.reader_url}
    proc = web_command(env, "--port", str(port))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/counts", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.stdout else ""
            time.sleep(0.3)
        assert listening_address(port) == "127.0.0.1"
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.parametrize(
    ("url", "says"),
    [("owner", "can write to"), ("", "set NEWSSTREAM_EXPLORER_DATABASE_URL"), ("down", "cannot reach Postgres")],
)
def test_newsstream_web_refuses_with_one_clear_line(explorer: Explorer, tmp_path: Path, url: str, says: str) -> None:
    value = {"owner": explorer.database_url, "": "", "down": f"postgresql://x@127.0.0.1:{free_port()}/x"}[url]
    env = {**os.environ, "NEWSSTREAM_STATE_DIR": str(tmp_path), "NEWSSTREAM_EXPLORER_DATABASE_URL": value}
    out, _ = web_command(env, "--port", str(free_port())).communicate(timeout=60)
    assert says in out and "Traceback" not in out, out


def test_the_timeline_by_week_and_month_counts_the_same_events(explorer: Explorer) -> None:
    by = {unit: get(explorer, "/api/timeline", unit=unit).json() for unit in ("day", "week", "month")}
    totals = {unit: sum(r["events"] for r in rows) for unit, rows in by.items()}
    assert totals["day"] == totals["week"] == totals["month"] > 0
    assert len(by["month"]) < len(by["week"]) < len(by["day"])
    assert {dt.date.fromisoformat(r["day"]).weekday() for r in by["week"]} == {0}


def test_the_lag_follows_the_topics(explorer: Explorer) -> None:
    """Last: the seeds sent again with no worker running wait on the raw topic, and the live counts say so."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from services.producer.produce import produce

    def send() -> int:
        return asyncio.run(produce(explorer.settings, [REPO / "seeds"], progress=False)).sent

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        sent = pool.submit(send).result()
    deadline = time.monotonic() + 20
    while (lag := get(explorer, "/api/counts").json()["lag"]) != sent and time.monotonic() < deadline:
        time.sleep(0.5)  # the lag is asked of Kafka at most every 2 s
    assert lag == sent == 5

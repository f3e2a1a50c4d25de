"""What landed in Postgres, as a short report for people (the demo prints it)."""

from __future__ import annotations

from typing import Any

import psycopg

COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "entities": "SELECT count(*) FROM entities",
    "article_entities": "SELECT count(*) FROM article_entities",
    "places": "SELECT count(*) FROM article_places",
    "dates": "SELECT count(*) FROM article_dates",
    "events": "SELECT count(*) FROM events",
    "dead_letters": "SELECT count(*) FROM dead_letters",
}


async def counts(conn: psycopg.AsyncConnection) -> dict[str, int]:
    result = {}
    for name, query in COUNTS.items():
        cur = await conn.execute(query)
        row = await cur.fetchone()
        result[name] = int(row[0]) if row else 0
    return result


async def report(conn: psycopg.AsyncConnection, *, events_per_article: int = 12) -> str:
    lines: list[str] = []
    table_counts = await counts(conn)
    lines.append("Rows: " + ", ".join(f"{k}={v}" for k, v in table_counts.items()))
    cur = await conn.execute(
        "SELECT a.article_id, a.published_date, a.source, a.title, a.word_count,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.article_id)"
        " FROM articles a ORDER BY a.source_path"
    )
    articles: list[Any] = await cur.fetchall()
    lines.append("")
    lines.append(f"{'article':<17} {'published':<10} {'words':>5} {'events':>6}  title / source")
    for article_id, published, source, title, words, n_events in articles:
        lines.append(f"{article_id:<17} {published!s:<10} {words:>5} {n_events:>6}  {title} / {source}")
    cur = await conn.execute(
        "SELECT article_id, type, actor_countries, recipient_countries, date, location_name, fatalities, modality"
        " FROM events ORDER BY article_id, sentence_start"
    )
    events: list[Any] = await cur.fetchall()
    lines.append("")
    lines.append("Events:")
    shown: dict[str, int] = {}
    for article_id, kind, actors, recipients, date, place, killed, modality in events:
        shown[article_id] = shown.get(article_id, 0) + 1
        if shown[article_id] > events_per_article:
            continue
        who = f"{','.join(actors) or '?'} -> {','.join(recipients) or '?'}"
        extra = f" killed={killed}" if killed is not None else ""
        lines.append(f"  {article_id} {kind:<9} {who:<15} {date!s:<10} {place or '-':<12} {modality}{extra}")
    cur = await conn.execute(
        "SELECT stage, reason, count(*) FROM dead_letters GROUP BY stage, reason ORDER BY stage, reason"
    )
    letters: list[Any] = await cur.fetchall()
    lines.append("")
    lines.append("Dead letters: " + (", ".join(f"{s}/{r}={n}" for s, r, n in letters) or "none"))
    return "\n".join(lines)

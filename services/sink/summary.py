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
    "event_mentions": "SELECT count(*) FROM event_mentions",
    "dead_letters": "SELECT count(*) FROM dead_letters",
}


async def counts(conn: psycopg.AsyncConnection) -> dict[str, int]:
    result = {}
    for name, query in COUNTS.items():
        cur = await conn.execute(query)
        row = await cur.fetchone()
        result[name] = int(row[0]) if row else 0
    return result


async def report(conn: psycopg.AsyncConnection, *, max_events: int = 40) -> str:
    lines: list[str] = []
    table_counts = await counts(conn)
    lines.append("Rows: " + ", ".join(f"{k}={v}" for k, v in table_counts.items()))
    cur = await conn.execute(
        "SELECT a.article_id, a.published_date, a.source, a.title, a.word_count,"
        " (SELECT count(*) FROM event_mentions m WHERE m.article_id = a.article_id)"
        " FROM articles a ORDER BY a.source_path"
    )
    articles: list[Any] = await cur.fetchall()
    lines.append("")
    lines.append(f"{'article':<17} {'published':<10} {'words':>5} {'events':>6}  title / source")
    for article_id, published, source, title, words, n_events in articles:
        lines.append(f"{article_id:<17} {published!s:<10} {words:>5} {n_events:>6}  {title} / {source}")
    cur = await conn.execute(
        "SELECT type, actor_countries, recipient_countries, date, location_name, fatalities, num_mentions,"
        " num_articles FROM events ORDER BY num_articles DESC, date NULLS LAST, type, event_id"
    )
    events: list[Any] = await cur.fetchall()
    lines.append("")
    lines.append(f"Events (one row per real event; mentions/articles reporting it), first {max_events}:")
    for kind, actors, recipients, date, place, killed, mentions, n_articles in events[:max_events]:
        who = f"{','.join(actors) or '?'} -> {','.join(recipients) or '?'}"
        extra = f" killed={killed}" if killed is not None else ""
        lines.append(f"  {kind:<9} {who:<16} {date!s:<10} {place or '-':<12} {mentions:>2}/{n_articles:<2}{extra}")
    cur = await conn.execute(
        "SELECT stage, reason, count(*) FROM dead_letters GROUP BY stage, reason ORDER BY stage, reason"
    )
    letters: list[Any] = await cur.fetchall()
    lines.append("")
    lines.append("Dead letters: " + (", ".join(f"{s}/{r}={n}" for s, r, n in letters) or "none"))
    return "\n".join(lines)

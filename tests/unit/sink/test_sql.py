from services.sink.sql import upsert


def test_upsert_skips_unchanged_rows_and_uses_placeholders() -> None:
    text = upsert("events", ["event_id", "type"], ["event_id"]).as_string(None)
    assert 'ON CONFLICT ("event_id") DO UPDATE SET "type" = EXCLUDED."type", updated_at = now()' in text
    assert 'WHERE "events"."type" IS DISTINCT FROM EXCLUDED."type"' in text
    assert "%(event_id)s" in text and "%(type)s" in text


def test_keep_first_does_nothing_on_conflict() -> None:
    text = upsert("dead_letters", ["dead_letter_id", "error"], ["dead_letter_id"], keep_first=True).as_string(
        None
    )
    assert text.endswith('ON CONFLICT ("dead_letter_id") DO NOTHING')

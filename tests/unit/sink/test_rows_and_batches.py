import datetime as dt

from aiokafka import ConsumerRecord

from schemas import ArticleEvents, DateMention, EnrichedArticle, Entity, Event, EventParty, Mention, Place
from services.common.codec import encode
from services.sink.consumer import to_batch
from services.sink.rows import article_entity_rows, article_row, date_rows, event_row, place_rows
from services.sink.writer import Batch, _latest_by

ENRICHED = EnrichedArticle(
    article_id="a1",
    source_path="seeds/x.txt",
    article={"title": "T", "body": "Turkey and Russia met.", "published_at": "2020-02-18T12:15:00"},
    entities=[Entity(entity_id="p:1", name="X", label="PERSON", mentions=[Mention(text="X", start=0, end=1)])],
)
EVENT = Event(
    event_id="e1", article_id="a1", type="CONSULT",
    actors=[EventParty(name="Turkey", country="TUR"), EventParty(name="Ankara", country="TUR")],
    recipients=[EventParty(name="Russia", country="RUS")],
    sentence="Turkey and Russia met.", sentence_start=0, sentence_end=22, confidence=0.5,
)  # fmt: skip
EXTRACTION = ArticleEvents(article_id="a1", source_path="seeds/x.txt", events=[EVENT])


def message(topic: str, value: bytes | None, offset: int = 0) -> ConsumerRecord:  # type: ignore[type-arg]
    return ConsumerRecord(topic, 0, offset, 0, 0, None, value, None, 0, len(value or b""), [])


def test_article_row_splits_published_date_from_the_printed_time() -> None:
    row = article_row(ENRICHED)
    assert row["published_at"] == "2020-02-18T12:15:00"
    assert row["published_date"] == dt.date(2020, 2, 18)
    assert row["word_count"] == 4


def test_event_row_lists_each_side_country_once() -> None:
    row = event_row(EVENT)
    assert row["actor_countries"] == ["TUR"] and row["recipient_countries"] == ["RUS"]


def test_to_batch_sorts_records_by_topic_and_dead_letters_bad_ones() -> None:
    models = {"enriched": EnrichedArticle, "events": ArticleEvents}
    batch, failed = to_batch(
        [message("enriched", encode(ENRICHED)), message("events", encode(EXTRACTION)), message("events", b"{", 7)],
        models,  # type: ignore[arg-type]
        max_inline=1000,
    )
    assert batch.articles == [ENRICHED] and batch.extractions == [EXTRACTION] and len(batch) == 2
    assert [(d.stage, d.reason, d.offset, d.payload) for d in failed] == [("sink", "decode_error", 7, "{")]


def test_latest_version_of_a_record_wins_within_a_batch() -> None:
    newer = EXTRACTION.model_copy(update={"events": []})  # a later extraction found nothing: that is what stays
    assert _latest_by(Batch(extractions=[EXTRACTION, newer]).extractions, "article_id") == [newer]


def test_article_parts_have_one_row_per_key_the_first_as_copy_needs() -> None:
    # COPY has no ON CONFLICT: a record that names a key twice must still give one row for it, the first.
    first, second = Mention(text="X", start=0, end=1), Mention(text="X", start=5, end=6)
    twice = ENRICHED.model_copy(
        update={
            "entities": [
                Entity(entity_id="p:1", name="X", label="PERSON", mentions=[first]),
                Entity(entity_id="p:1", name="X", label="PERSON", mentions=[second]),
            ],
            "places": [Place(name="Idlib", country="SYR", mentions=[m]) for m in (first, second)],
            "dates": [
                DateMention(text=t, start=0, end=5, date=dt.date(2020, 2, d), precision="day")
                for t, d in (("first", 1), ("again", 2))
            ],
        }
    )
    assert [r["mentions"].obj for r in article_entity_rows(twice)] == [[first.model_dump()]]
    assert [r["mentions"].obj for r in place_rows(twice)] == [[first.model_dump()]]
    assert [(r["text"], r["date"]) for r in date_rows(twice)] == [("first", dt.date(2020, 2, 1))]

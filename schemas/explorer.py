"""What the events explorer's JSON API takes and answers (``services/web``): its query filters and its pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# PLOVER's sixteen event types (PLOVER codebook, "Event types"), in the codebook's order: cooperative to hostile.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
_COUNTRY = re.compile(r"^[A-Z]{3}$")


class EventFilter(BaseModel):
    """The filters of the page, the API and the exports: one set, so a shared URL means the same rows everywhere.

    Every field is a query parameter; an unknown one is refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    type: list[EventType] = Field(default_factory=list, description="PLOVER types; repeat for several")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3, on either side")
    start: dt.date | None = Field(default=None, description="first day (YYYY-MM-DD), inclusive")
    end: dt.date | None = Field(default=None, description="last day (YYYY-MM-DD), inclusive")
    outlet: str | None = Field(default=None, max_length=200, description="an outlet that reported the event")
    q: str | None = Field(default=None, max_length=200, description="words in a mention's sentence")

    @field_validator("country", "outlet", "q", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        # An empty box of the page's form arrives as "": it means "no filter".
        return None if value == "" else value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _blank_day_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("type", mode="before")
    @classmethod
    def _types(cls, value: object) -> object:
        values = value if isinstance(value, list) else [value]
        return [v.strip().upper() for v in values if isinstance(v, str) and v.strip()] or []

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.upper()
        if not _COUNTRY.match(code):
            raise ValueError("a country is three letters, ISO 3166-1 alpha-3 (e.g. UKR)")
        return code

    def filters(self) -> EventFilter:
        """The filters alone, whatever a subclass adds (a page, a bin): what the WHERE clause and a shared URL take."""
        return EventFilter.model_validate(self.model_dump(include=set(EventFilter.model_fields)))

    @field_validator("end")
    @classmethod
    def _range(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value < start:
            raise ValueError(f"end ({value}) is before start ({start})")
        return value


class TimelineQuery(EventFilter):
    """The filters and the timeline's bin."""

    unit: Literal["day", "week", "month"] = Field(default="day", description="count per day, week or month")


class EventQuery(EventFilter):
    """The filters and a page of the result."""

    page: int = Field(default=1, ge=1, le=10_000)
    per_page: int = Field(default=50, ge=1, le=500)


class Party(BaseModel):
    name: str
    country: str | None = None


class EventRow(BaseModel):
    """One real event, as the table shows it."""

    event_id: str
    type: str
    actors: list[Party]
    recipients: list[Party]
    actor_countries: list[str]
    recipient_countries: list[str]
    date: dt.date | None
    first_reported: dt.date | None
    location_name: str | None
    location_country: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int | None = Field(description="best estimate: the lowest count reported")
    fatalities_low: int | None
    fatalities_high: int | None
    num_mentions: int
    num_sources: int = Field(description="outlets that reported it")
    num_articles: int


class EventPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[EventRow]


class Mention(BaseModel):
    """One sentence that reports an event, with where it was read."""

    mention_id: str
    event_id: str | None
    article_id: str
    type: str
    actors: list[Party]
    recipients: list[Party]
    trigger: str | None
    sentence: str
    sentence_start: int
    sentence_end: int
    date: dt.date | None
    fatalities: int | None
    confidence: float
    outlet: str | None
    published: dt.date | None
    title: str | None
    url: str | None


class EventDetail(BaseModel):
    event: EventRow
    mentions: list[Mention]


class Removed(BaseModel):
    kind: str = Field(description="why the cleaner cut it")
    text: str
    line: int | None = None


class ArticleDetail(BaseModel):
    article_id: str
    title: str | None
    source: str | None
    section: str | None
    dateline_place: str | None
    published_at: str | None
    published_date: dt.date | None
    url: str | None
    language: str | None
    word_count: int
    countries: list[str]
    story_id: str | None
    duplicate_of: str | None
    standfirst: list[str]
    body: str
    removed: list[Removed]
    mentions: list[Mention]


class DayCount(BaseModel):
    day: dt.date = Field(description="the day, or the first day of the week (a Monday) or month")
    type: str
    events: int


class MapPoint(BaseModel):
    latitude: float
    longitude: float
    place: str | None
    country: str | None
    events: int
    fatalities: int


class LiveCounts(BaseModel):
    articles: int
    events: int
    mentions: int
    dead_letters: int
    lag: int | None = Field(description="records the pipeline's consumer groups have yet to commit; null if unknown")
    lag_error: str | None = None

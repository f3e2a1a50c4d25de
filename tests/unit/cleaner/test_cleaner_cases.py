"""Written cases: one per kind of boilerplate and per metadata field the cleaner keeps apart."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.cleaner.helpers import clean, make_raw, paragraphs, removed_kinds

P1 = "Officials from both countries met on Monday to discuss the situation in the border region, the ministry said."
P2 = "The talks lasted three hours and ended with a promise to meet again next week, according to diplomats."
P3 = "Thousands of people have left their homes since the fighting began in December, aid groups said."


def test_title_duplicate_title_standfirst_and_outlet_line() -> None:
    text = "\n\n".join(
        [
            "'Ministers fail to agree on border plan'",
            "'Ministers fail to agree on border plan'",
            "Delegations from both capitals are expected to hold a second round of talks",
            "Capital Wire Service",
            P1,
            P2,
        ]
    )
    result = clean(text)
    art = result.article
    assert art.title == "Ministers fail to agree on border plan"  # wrapping quotes dropped
    assert art.standfirst == ["Delegations from both capitals are expected to hold a second round of talks"]
    assert art.source == "Capital Wire Service"
    assert paragraphs(art.body) == [P1, P2]
    kinds = removed_kinds(result)
    assert kinds["'Ministers fail to agree on border plan'"] == "duplicate_title"
    assert kinds["Capital Wire Service"] == "byline"


def test_agency_dateline_line_gives_source_and_place() -> None:
    text = "Leaders agree to extend the truce\n\nBERLIN-Northern Press Agency\nLeaders agree to extend the truce\n\n"
    result = clean(text + P1 + "\n\n" + P2)
    assert result.article.source == "Northern Press Agency"
    assert result.article.dateline_place == "BERLIN"
    assert paragraphs(result.article.body) == [P1, P2]


def test_section_label_under_title_and_dateline_place_list() -> None:
    text = "\n".join(["Leaders agree to extend the truce", "EUROPE", "PARIS/ROME", P1, P2])
    art = clean(text).article
    assert art.section == "EUROPE"
    assert art.dateline_place == "PARIS/ROME"
    assert paragraphs(art.body) == [P1, P2]


def test_section_label_loses_turkish_locale_dotted_i() -> None:
    art = clean("\n".join(["Leaders agree to extend the truce", "MİDDLE EAST", P1, P2])).article
    assert art.section == "MIDDLE EAST"


def test_printed_publication_time_wins_over_sidecar() -> None:
    text = "\n\n".join(["Leaders agree to extend the truce", "  • March 3 2021 08:05:00", P1, P2])
    result = clean(text, published_at=dt.date(2021, 3, 1), url="https://example.org/a")
    assert result.article.published_at == dt.datetime(2021, 3, 3, 8, 5)
    assert result.article.url == "https://example.org/a"
    assert removed_kinds(result)["• March 3 2021 08:05:00"] == "publication_date"
    assert paragraphs(result.article.body) == [P1, P2]


def test_sidecar_date_and_outlet_used_when_page_has_none() -> None:
    art = clean(
        "\n\n".join(["Leaders agree to extend the truce", P1, P2]), published_at="2021-03-01", outlet="X"
    ).article
    assert art.published_at == dt.date(2021, 3, 1)
    assert art.source == "X"


@pytest.mark.parametrize(
    "banner",
    [
        "Cookies are used limited to the purposes in the data protection law. You can review our cookie policy.",
        "We use cookies to give you the best experience. By continuing to browse you agree to this.",
        "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie der Datenschutzerklärung zu.",
        "Portālā tiek izmantotas sīkdatnes. Turpinot lietot šo portālu, Jūs piekrītat sīkdatņu izmantošanai.",
        "Ta strona używa ciasteczek. Korzystając ze strony wyrażasz zgodę na ich użycie.",
    ],
)
def test_cookie_banner_removed(banner: str) -> None:
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, banner]))
    assert paragraphs(result.article.body) == [P1, P2]
    assert removed_kinds(result)[banner] == "cookie_banner"


def test_report_a_typo_widget_goes() -> None:
    widget = "Found a mistake? Select the text and press Ctrl+Enter to send it to the editors."
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, widget]))
    assert paragraphs(result.article.body) == [P1, P2]


def test_prose_about_cookies_is_not_a_banner() -> None:
    prose = "The bakery sold more than ten thousand cookies during the festival, its owner said on Sunday."
    assert prose in paragraphs(clean("\n\n".join(["Town festival draws record crowds", P1, prose, P2])).article.body)


def test_most_popular_list_with_doubled_items_removed() -> None:
    tail = """MOST POPULAR

  1. Ancient city draws record number of visitors

    Ancient city draws record number of visitors

  2. Old mansion on the river up for sale

    Old mansion on the river up for sale"""
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, tail]))
    assert paragraphs(result.article.body) == [P1, P2]
    assert set(removed_kinds(result).values()) == {"most_popular"}


def test_recommended_block_and_section_teasers_with_summaries_removed() -> None:
    tail = """Recommended
Court acquits journalists in long-running case

Court acquits journalists in long-running case
Police detain suspect in museum theft

Police detain suspect in museum theft

SCIENCE Probe sends first pictures from the far side

Probe sends first pictures from the far side

The probe transmitted its first images on Tuesday, the space agency said in a statement.
BUSINESS Carmaker opens new plant in the north

Carmaker opens new plant in the north

The company said the plant would employ about two thousand workers by next year."""
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, tail]))
    assert paragraphs(result.article.body) == [P1, P2]
    kinds = removed_kinds(result)
    assert kinds["The probe transmitted its first images on Tuesday, the space agency said in a statement."] == (
        "section_teaser"
    )
    assert kinds["Recommended"] == "recommended"


def test_embedded_related_headline_removed_but_following_prose_kept() -> None:
    text = "\n\n".join(
        [
            "Leaders agree to extend the truce",
            P1,
            "Neighbours hold emergency meeting on refugee flows\nNeighbours hold emergency meeting on refugee flows",
            P2,
            P3,
        ]
    )
    result = clean(text)
    assert paragraphs(result.article.body) == [P1, P2, P3]
    assert removed_kinds(result)["Neighbours hold emergency meeting on refugee flows"] == "related_headline"


def test_read_more_header_does_not_swallow_resumed_article() -> None:
    text = "\n\n".join(
        ["Leaders agree to extend the truce", P1, "Read more", "Neighbours hold emergency meeting", P2, P3]
    )
    assert paragraphs(clean(text).article.body) == [P1, P2, P3]


def test_inline_read_more_teaser_removed() -> None:
    text = "\n\n".join(["Leaders agree to extend the truce", P1, "Read more: Neighbours hold emergency meeting", P2])
    result = clean(text)
    assert paragraphs(result.article.body) == [P1, P2]
    assert removed_kinds(result)["Read more: Neighbours hold emergency meeting"] == "read_more"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Share on Facebook", "share"),
        ("Facebook Twitter WhatsApp Email", "navigation"),
        ("Home | World | Politics", "navigation"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("Subscribe now", "subscribe"),
        ("© 2020 Example Media. All rights reserved.", "footer"),
        ("+", "stray_symbol"),
        ("***", "stray_symbol"),
    ],
)
def test_furniture_lines_removed(line: str, kind: str) -> None:
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, line, P2]))
    assert paragraphs(result.article.body) == [P1, P2]
    assert removed_kinds(result)[line] == kind


def test_photo_caption_kept_apart() -> None:
    caption = "Displaced people sit outside tents at a camp near the border on Feb. 17, 2020. (AP Photo)"
    result = clean("\n\n".join(["Leaders agree to extend the truce", caption, P1, P2]))
    assert result.article.captions == [caption]
    assert paragraphs(result.article.body) == [P1, P2]


def test_navigation_above_the_title_is_not_the_title() -> None:
    text = "\n".join(["Skip to content", "Menu", "Live", "Leaders agree to extend the truce", P1, P2])
    art = clean(text).article
    assert art.title == "Leaders agree to extend the truce"
    assert paragraphs(art.body) == [P1, P2]


def test_agency_dateline_opening_the_first_paragraph() -> None:
    lead = "GENEVA (Wire) - " + P1
    art = clean("\n\n".join(["Leaders agree to extend the truce", lead, P2])).article
    assert (art.dateline_place, art.source) == ("GENEVA", "Wire")
    assert paragraphs(art.body) == [lead, P2]  # the paragraph itself is untouched


def test_text_without_title_is_all_body() -> None:
    art = clean("\n\n".join([P1, P2, P3])).article
    assert art.title is None
    assert paragraphs(art.body) == [P1, P2, P3]


def test_html_goes_through_trafilatura() -> None:
    html = f"""<html><head><title>Leaders agree to extend the truce | Example Herald</title>
<meta property="og:title" content="Leaders agree to extend the truce">
<meta property="og:site_name" content="Example Herald">
<meta property="article:published_time" content="2021-03-03T08:05:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Leaders agree to extend the truce</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>
<footer>© 2021 Example Herald. All rights reserved.</footer></body></html>"""
    result = clean_html(html)
    art = result.article
    assert art.title == "Leaders agree to extend the truce"
    assert art.source == "Example Herald"
    assert art.published_at == dt.datetime(2021, 3, 3, 8, 5)
    assert paragraphs(art.body) == [P1, P2, P3]
    assert all(r.line is None for r in result.removed)  # lines of extracted text are not source lines


def clean_html(html: str):  # type: ignore[no-untyped-def]
    from services.cleaner.clean import clean_article

    return clean_article(make_raw(html, content_type="text/html"))


def test_clean_is_deterministic_and_keeps_ids() -> None:
    raw = make_raw("\n\n".join(["Leaders agree to extend the truce", P1, P2]))
    from services.cleaner.clean import clean_article

    a, b = clean_article(raw), clean_article(raw)
    assert a == b
    assert (a.article_id, a.source_path) == (raw.article_id, raw.source_path)


def test_byline_with_date_stamp_and_upper_case_outlet_line() -> None:
    text = "\n\n".join(["Leaders agree to extend the truce", "Jane Doe | 03.03.2021", "NORTHERN DAILY NEWS", P1, P2])
    result = clean(text, published_at="2021-03-01")
    assert result.article.published_at == dt.date(2021, 3, 3)
    assert result.article.source == "NORTHERN DAILY NEWS"
    assert paragraphs(result.article.body) == [P1, P2]


def test_long_legal_or_subscription_notice_removed() -> None:
    notice = (
        "This website carries only part of the stories offered to subscribers of the wire, in summarized form."
        " Please contact us for subscription options."
    )
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, notice]))
    assert paragraphs(result.article.body) == [P1, P2]
    assert removed_kinds(result)[notice] == "footer"


def test_doubled_question_headline_in_body_removed() -> None:
    text = "\n\n".join(
        ["Leaders agree to extend the truce", P1, "Is the peace process dead?", "Is the peace process dead?", P2, P3]
    )
    result = clean(text)
    assert paragraphs(result.article.body) == [P1, P2, P3]


def test_person_byline_does_not_beat_the_sidecar_outlet() -> None:
    art = clean("\n\n".join(["Leaders agree to extend the truce", "Jane Doe", P1, P2]), outlet="Example Herald").article
    assert art.source == "Example Herald"


def test_headline_cased_teasers_go_even_when_they_end_with_a_mark() -> None:
    teasers = [
        "Singer Explains Why Her Band Left The Festival Early!",
        "Is The New Season Finale The Best One Yet?",
        "Local Team Celebrates Title With Fans In The…",
        "Weekend Weather Turns Cold Again ...",
    ]
    said = "The ban on large gatherings ends next week, officials said!"  # prose that happens to end with "!"
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, said, P2, P3, *teasers]))
    assert paragraphs(result.article.body) == [P1, said, P2, P3]
    kinds = removed_kinds(result)
    assert all(kinds[t] in ("related_headline", "teaser_block") for t in teasers)


def test_headline_cased_question_between_paragraphs_stays_as_a_subheading() -> None:
    subheading = "But First: What Makes This Border Crossing Matter?"
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, subheading, P2, P3]))
    assert paragraphs(result.article.body) == [P1, subheading, P2, P3]


@pytest.mark.parametrize(
    "policy",
    [
        "The editors reserve the right to remove comments that are abusive or off topic.",
        "The opinions below do not necessarily reflect the views of this website or its editors.",
        "El sitio se reserva el derecho de eliminar cualquier comentario inapropiado.",
    ],
)
def test_comment_policy_after_the_article_goes(policy: str) -> None:
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, P3, policy]))
    assert paragraphs(result.article.body) == [P1, P2, P3]
    assert removed_kinds(result)[policy] == "footer"


def test_a_short_statement_between_paragraphs_stays_and_short_furniture_goes() -> None:
    short = "The judge disagreed."
    text = "\n\n".join(["Leaders agree to extend the truce", P1, short, P2, "Photo: Reuters.", P3, "Any mistakes?", P1])
    assert paragraphs(clean(text).article.body) == [P1, short, P2, P3, P1]


@pytest.mark.parametrize("headline", ["Will the truce hold after the talks?", "Ministers fail to agree on the plan!"])
def test_a_headline_that_asks_or_exclaims_is_the_title_on_a_page(headline: str) -> None:
    for page in (["Home | World | Politics", headline, P1, P2], [headline, "By Jane Doe | March 3, 2021", P1, P2]):
        art = clean("\n\n".join(page)).article
        assert art.title == headline
        assert paragraphs(art.body) == [P1, P2]
    # A clean text may open with a question: without furniture above or a byline under it, it stays text.
    assert paragraphs(clean("\n\n".join([headline, P1, P2])).article.body) == [headline, P1, P2]


def test_a_headline_that_asks_keeps_its_standfirst_and_outlet_apart() -> None:
    headline = "Will the border talks resume after the holiday?"
    standfirst = "Delegations from both capitals said on Friday that they expected a second round, but named no date."
    art = clean("\n".join([headline, standfirst, "Capital Wire Service", P1, P2, P3])).article
    assert (art.title, art.standfirst, art.source) == (headline, [standfirst], "Capital Wire Service")
    assert paragraphs(art.body) == [P1, P2, P3]


def test_a_named_block_swallows_teasers_that_exclaim_ask_or_trail_off() -> None:
    items = [
        "Minister warns rebels over attacks near the border!",
        "Is the ceasefire about to collapse?",
        "Five things to know about the crisis…",
        "Government says it will keep talking",
    ]
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, P3, "Recommended", *items]))
    assert paragraphs(result.article.body) == [P1, P2, P3]


def test_a_consent_dialog_above_the_title_is_neither_title_nor_text() -> None:
    dialog = [
        "We value your privacy",
        "We and our partners use cookies to store and access information on your device.",
        "Accept all",
        "Manage settings",
    ]
    art = clean("\n\n".join([*dialog, "Leaders agree to extend the truce", P1, P2])).article
    assert art.title == "Leaders agree to extend the truce"
    assert paragraphs(art.body) == [P1, P2]


def test_a_photo_credit_between_paragraphs_is_not_a_byline_that_makes_a_standfirst() -> None:
    art = clean("\n\n".join(["Leaders agree to extend the truce", P1, "Photo: AFP", P2, P3])).article
    assert paragraphs(art.body) == [P1, P2, P3] and art.standfirst == []


def test_a_long_newsletter_promo_goes() -> None:
    promo = "Sign up for our daily newsletter to get the latest news from the region delivered to your inbox."
    assert paragraphs(clean("\n\n".join(["Leaders agree to extend the truce", P1, promo, P2])).article.body) == [P1, P2]


def test_the_authors_note_after_the_last_paragraph_goes_unless_the_story_names_her() -> None:
    note = "Jane Doe is a correspondent for the Capital Wire Service based in Ankara."
    result = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, note]))
    assert paragraphs(result.article.body) == [P1, P2]
    assert removed_kinds(result)[note] == "author_bio"
    named = "Jane Doe was detained at the border on Monday, her employer said in a statement."
    story = clean("\n\n".join(["Reporter detained at the border", named, P2, note])).article
    assert paragraphs(story.body) == [named, P2, note]


def test_a_block_of_headline_and_summary_pairs_goes_and_an_article_resuming_after_a_box_stays() -> None:
    h1, h2 = "Army sends reinforcements to the border", "Both sides trade blame over the shelling"
    s1 = "Another convoy of armoured vehicles reached the posts in the province on Sunday, officials said."
    s2 = "The ministry said the other side had failed to withdraw heavy weapons, as agreed last year."
    pairs = clean("\n\n".join(["Leaders agree to extend the truce", P1, P2, P3, "Recommended", h1, s1, h2, s2]))
    assert paragraphs(pairs.article.body) == [P1, P2, P3]
    box = clean("\n\n".join(["Leaders agree to extend the truce", P1, "Related", h1, P2, "What comes next", P3, s1]))
    assert paragraphs(box.article.body) == [P1, P2, P3, s1]

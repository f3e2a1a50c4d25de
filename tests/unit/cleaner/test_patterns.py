"""The data file's any-length notices: each pattern is searched only in lines holding its cue, so every notice the
patterns describe must hold the cue it is filed under."""

from __future__ import annotations

import pytest

from services.cleaner.patterns import footer_notice, load_patterns

NOTICES = {
    "contact us": "For corrections please contact us at the address below.",
    "subscription": "See our subscription options for unlimited access.",
    "rights reserved": "© 2021 The Example Herald. All rights reserved.",
    "unauthori": "Unauthorized reproduction of this article is prohibited.",
    "may not be": "This material may not be republished without permission.",
    "written": "No part may be used without prior written permission of the publisher.",
    "hakları": "Tüm hakları saklıdır.",
    "izinsiz": "Haberler izinsiz kullanılamaz.",
    "ctrl": "Found a mistake? Select it and press Ctrl+Enter.",
    "the right to": "We reserve the right to remove comments that break these rules.",
    "reflect": "Readers' posts do not necessarily reflect the views of this website.",
    "represent": "The comments do not represent the views of the newspaper.",
    "moderated": "Comments are pre-moderated and may take time to appear.",
    "reviewed before": "Posts will be reviewed before they appear.",
    "responsible for": "You are solely responsible for your comments.",
    "se reserva": "El medio se reserva el derecho de eliminar cualquier comentario.",
    "de los comentarios": "El contenido de los comentarios es la opinión de los usuarios.",
    "lo que escribe": "Recuerde que usted es responsable de todo lo que escribe.",
    "se réserve": "La rédaction se réserve le droit de supprimer tout commentaire.",
    "behält sich": "Die Redaktion behält sich vor, Kommentare zu löschen.",
    "التعليقات قبل نشرها": "نضطر إلى مراجعة التعليقات قبل نشرها.",
    "عن رأي": "الآراء الواردة أدناه لا تعبر عن رأي الموقع.",
    "عن وجهة نظر": "التعليقات لا تعكس عن وجهة نظر الصحيفة.",
    "newsletter": "Sign up for our daily newsletter to get the latest news in your inbox.",
}


def test_every_cue_has_a_notice_here_and_is_lower_case() -> None:
    cues = [cue for cue, _ in load_patterns().footer_any_length]
    assert sorted(cues) == sorted(NOTICES)
    assert all(cue == cue.casefold() for cue in cues)


@pytest.mark.parametrize("cue", sorted(NOTICES))
def test_each_notice_is_found_and_holds_its_cue(cue: str) -> None:
    text = NOTICES[cue]
    assert cue in text.casefold() and footer_notice(load_patterns(), text)


def test_a_paragraph_that_merely_shares_a_cue_is_no_notice() -> None:
    text = "The minister said the figures reflect the views of most voters, according to a written statement."
    assert not footer_notice(load_patterns(), text)

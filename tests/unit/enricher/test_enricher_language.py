from __future__ import annotations

import pytest

from services.enricher.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The foreign minister said on Monday that there had been no agreement with the visiting delegation.", "en"),
        (
            "Le ministre des affaires étrangères a déclaré lundi qu'il n'y avait pas de consensus avec la délégation.",
            "fr",
        ),
        (
            "Der Außenminister sagte am Montag, dass es bisher keinen Konsens mit der Delegation gebe "
            "und die Gespräche weitergehen.",
            "de",
        ),
        (
            "El ministro dijo el lunes que no hubo consenso con la delegación que visita el país "
            "y que las conversaciones siguen.",
            "es",
        ),
        (
            "Dışişleri Bakanı, heyet ile bir uzlaşma olmadığını ve görüşmelerin devam edeceğini söyledi, "
            "ama bu çok da kolay değil.",
            "tr",
        ),
        ("Министр иностранных дел заявил в понедельник, что консенсуса с делегацией пока нет.", "ru"),
        ("قال وزير الخارجية يوم الاثنين إنه لا يوجد توافق مع الوفد الزائر حتى الآن", "ar"),
    ],
)
def test_detects_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_too_little_text_is_unknown() -> None:
    assert detect_language("Idlib, Syria") is None
    assert detect_language("") is None
    assert detect_language("12 34 56 78") is None

"""Subject keys for the JWZ subject fallback, in the languages our correspondents write."""

from __future__ import annotations

import pytest

from cm_desk.domain.threading import is_forward, strip_prefixes, subject_key

BASE = "vraag over de reünie"


@pytest.mark.parametrize(
    "subject",
    [
        "Vraag over de reünie",
        "Re: Vraag over de reünie",
        "RE: Vraag over de reünie",
        "re:Vraag over de reünie",
        "Aw: Vraag over de reünie",
        "Antw: Vraag over de reünie",
        "Antwoord: Vraag over de reünie",
        "SV: Vraag over de reünie",
        "VS: Vraag over de reünie",
        "Fwd: Vraag over de reünie",
        "FW: Vraag over de reünie",
        "WG: Vraag over de reünie",
        "Doorst: Vraag over de reünie",
        "TR: Vraag over de reünie",
        "Re[2]: Vraag over de reünie",
        "Re (3): Vraag over de reünie",
        "Re: Re: Fwd: RE: Vraag over de reünie",
        "Re： Vraag over de reünie",  # full-width colon
        "[community] Re: Vraag over de reünie",
        "Re: [community] Vraag over de reünie",
        "[community] Vraag over de reünie",
        "  Re:   Vraag   over de\tREÜNIE  ",
    ],
)
def test_reply_and_forward_prefixes_share_the_key(subject: str) -> None:
    assert subject_key(subject) == BASE


@pytest.mark.parametrize(
    "subject",
    [
        "رد: جدول الأعمال",
        "رد:جدول الأعمال",
        "إعادة توجيه: جدول الأعمال",
        "اعادة توجيه: جدول الأعمال",
        "Re: رد: جدول الأعمال",
        "جدول الأعمال",
        # Written with another alef form and tashkeel: same key.
        "رد: جَدْوَل الاعمال",
    ],
)
def test_arabic_prefixes(subject: str) -> None:
    assert subject_key(subject) == subject_key("جدول الأعمال") == "جدول الاعمال"


@pytest.mark.parametrize(
    ("subject", "base", "had_prefix"),
    [
        ("Re: Hallo", "Hallo", True),
        ("Hallo", "Hallo", False),
        ("[list] Re: Hallo", "Hallo", True),
        ("[list] Hallo", "[list] Hallo", False),
        ("Re[12]: Hallo", "Hallo", True),
        ("Regarding: Hallo", "Regarding: Hallo", False),
        ("Reünie", "Reünie", False),
        ("Fwd:", "", True),
        ("", "", False),
    ],
)
def test_strip_prefixes(subject: str, base: str, had_prefix: bool) -> None:
    assert strip_prefixes(subject) == (base, had_prefix)


def test_words_that_merely_start_like_a_prefix_are_kept() -> None:
    assert subject_key("Reünie 2024") == "reünie 2024"
    assert subject_key("Recept: appeltaart") == "recept: appeltaart"
    assert subject_key("Sverige: trip") == "sverige: trip"


def test_different_subjects_have_different_keys() -> None:
    assert subject_key("Re: Vraag over de reünie") != subject_key("Re: Vraag over de borrel")


def test_empty_and_hostile_subjects() -> None:
    assert subject_key("") == ""
    assert subject_key("Re: ") == ""
    stacked = "Re: " * 10_000 + "Hallo"
    assert isinstance(subject_key(stacked), str)  # bounded work, no error
    assert len(subject_key("x" * 5000)) == 300


@pytest.mark.parametrize(
    ("subject", "forward"),
    [
        ("Fwd: Klacht over levering", True),
        ("FW: complaint", True),
        ("Doorst: vraag", True),
        ("[community] Fwd: idea", True),
        ("إعادة توجيه: شكوى", True),
        ("Re: Fwd: complaint", False),
        ("Re: complaint", False),
        ("Forward planning", False),
    ],
)
def test_is_forward(subject: str, forward: bool) -> None:
    assert is_forward(subject) is forward

"""Keyword matching: terms, topics and exclusions, read the way people read them."""

from __future__ import annotations

import pytest

from cm_desk.domain.keywords import Matcher, RuleSpec, fold, fold_mapped, highlight_spans


def rule(*terms: str, **fields: object) -> Matcher:
    return Matcher.compile(RuleSpec("r", terms, **fields))  # type: ignore[arg-type]


def marked(m: Matcher, text: str) -> list[str]:
    return [text[a:b] for a, b in m.spans(text)]


def test_any_term_matches_case_insensitively_and_across_spacing() -> None:
    m = rule("CM Desk", "cmdesk")
    assert m.matches("Loving CM DESK so far")
    assert m.matches("cm\u00a0 desk crashed")  # no-break space and double space
    assert m.matches("#CMDesk is down")
    assert not m.matches("a desk for the CM")


def test_whole_words_by_default_substrings_when_asked() -> None:
    assert not rule("desk").matches("Deskjet printers")
    assert rule("desk").matches("my desk, your desk")
    assert rule("desk", whole_word=False).matches("Deskjet printers")
    assert rule("c++").matches("written in C++ mostly")  # no \b after a symbol


def test_required_topic_words_and_exclusions() -> None:
    m = rule("cm desk", require=("refund", "charged"), exclude=("hiring", "vacature"))
    assert m.matches("CM Desk charged me twice")
    assert not m.matches("CM Desk is great")  # no topic word
    assert not m.matches("CM Desk charged… and we're hiring!")  # excluded
    assert not m.matches("Vacature: CM Desk refund specialist")


def test_diacritics_are_ignored_both_ways() -> None:
    assert rule("ideeën").matches("Nieuwe IDEEEN voor het forum")
    assert rule("ideeen").matches("nieuwe ideeën voor het forum")
    assert rule("café").matches("CAFE crème")
    assert rule("strasse").matches("Hohe Straße 5")  # casefold: ß is ss
    assert rule("cm desk").matches("Ｃｍ Ｄｅｓｋ")  # full-width forms (NFKD)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("أحمد", "شكرا احمد على المساعدة"),  # hamza alef = bare alef
        ("احمد", "شكرا أحمد"),
        ("مكتبة", "زرت المكتبه اليوم"),  # ta marbuta = ha, behind the article
        ("مستشفى", "في المستشفي"),  # alef maqsura = ya
        ("كمديسك", "تطبيق كَمْدِيسْك رائع"),  # tashkeel ignored
        ("كمديسك", "تطبيق كمـــديسك رائع"),  # tatweel ignored
        ("كمديسك", "أحب بالكمديسك كثيرا"),  # proclitics: bi + al
        ("كمديسك", "وللكمديسك مستقبل"),  # wa + li + l
    ],
)
def test_arabic_is_normalised(term: str, text: str) -> None:
    assert rule(term).matches(text)


def test_arabic_whole_word_still_needs_the_word_to_end() -> None:
    assert not rule("كمديسك").matches("كمديسكات جديدة")
    assert rule("كمديسك", whole_word=False).matches("كمديسكات جديدة")


def test_spans_point_into_the_original_text() -> None:
    m = rule("cafe", "كمديسك", require=("refund",))
    text = "Le Café\u0301 — refund please; أحب الكَمْدِيسْك"
    assert marked(m, text) == ["Café\u0301", "refund", "الكَمْدِيسْك"]


def test_spans_merge_overlaps_and_prefer_the_longest_term() -> None:
    m = rule("cm desk", "cm desk pro")
    assert marked(m, "Try CM Desk Pro today") == ["CM Desk Pro"]
    a, b = rule("desk"), rule("cm desk")
    assert highlight_spans([a, b], "the cm desk app") == [(4, 11)]


def test_fold_mapped_agrees_with_fold() -> None:
    for text in ["Ideeën in Straße", "أحمد والمكتبة كَمْدِيسْك", "ﬁne Ｃｍ", "plain ascii"]:
        folded, where = fold_mapped(text)
        assert folded == fold(text)
        assert len(where) == len(folded)
        assert where == sorted(where)


def test_rules_that_cannot_work_say_why() -> None:
    assert RuleSpec("", ("x",)).problems() == ["a rule needs a name"]
    assert RuleSpec("r", (" ", "")).problems() == ["a rule needs at least one term to look for"]
    assert RuleSpec("r", ("x",), priority=7).problems() == ["priority is 0 (normal) to 3 (urgent)"]
    assert not rule(" ").matches("anything")

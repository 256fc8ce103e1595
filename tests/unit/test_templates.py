"""Canned replies: the right language, fields filled, unknown braces left alone."""

from __future__ import annotations

from datetime import UTC, datetime

from cm_desk.demo import build_demo
from cm_desk.store.engine import Store
from cm_desk.triage.templates import fill, first_name, templates_for


def test_each_template_once_in_the_conversation_language(store: Store) -> None:
    build_demo(store, now=datetime.now(UTC))
    with store.engine.connect() as conn:
        nl = {t.name: t.language for t in templates_for(conn, "nl")}
        ar = {t.name: t.language for t in templates_for(conn, "ar")}
        de = {t.name: t.language for t in templates_for(conn, "de")}
    assert nl["Thanks for reporting"] == "nl" and ar["Thanks for reporting"] == "ar"
    assert nl["Feature request noted"] == "en"  # no Dutch text: English
    assert set(de.values()) == {"en"}


def test_fields_are_filled_and_the_rest_stays_as_written() -> None:
    text = "Hi {first}, about {subject}: {owner} will help by {due}. {0} {x.y} {unknown}"
    got = fill(text, {"first": "Anna", "subject": "Refund", "owner": "John", "due": ""})
    assert got == "Hi Anna, about Refund: John will help by {due}. {0} {x.y} {unknown}"
    assert fill("Hoi {first_name}", {"first": "Noor"}) == "Hoi Noor"


def test_first_names() -> None:
    assert first_name("Noor Visser") == "Noor"
    assert first_name("Jansen, Sam") == "Sam"
    assert first_name('"Kevin O\'Neill"') == "Kevin"
    assert first_name("خالد الرفاعي") == "خالد"
    assert first_name("", "mei.tanaka@example.org") == "mei.tanaka"


def test_a_first_mail_about_a_post_speaks_the_posts_language() -> None:
    from cm_desk.triage.templates import about_post_subject

    assert about_post_subject("nl", "De app  crasht\nbij het opstarten") == (
        "Over je bericht: De app crasht bij het opstarten"
    )
    assert about_post_subject("ar", "التطبيق لا يعمل").startswith("بخصوص منشورك")
    assert about_post_subject("fr", "x" * 300).endswith("…")  # unknown language: English
    assert len(about_post_subject("en", "x" * 300)) < 130

"""Failures from the mail and feed layers read in the UI language, not in English."""

from __future__ import annotations

import pytest

from cm_desk.domain.sentence import Sentence, sentence_of
from cm_desk.feeds.refresh import Refreshed
from cm_desk.mail.connect import ConnectionProblem
from cm_desk.ui.feed_service import summary
from cm_desk.ui.i18n import human

REFUSED = Sentence("the server refused the user name or password")


def test_the_command_line_keeps_its_english() -> None:
    nested = Sentence("IMAP: {problem}", problem=REFUSED)
    assert nested == "IMAP: the server refused the user name or password"
    assert str(ConnectionProblem("auth", REFUSED)) == REFUSED
    assert sentence_of(ConnectionProblem("auth", REFUSED)) is REFUSED
    assert human(nested) == nested  # no translator installed: English as it was


@pytest.mark.usefixtures("arabic_ui")
def test_the_arabic_ui_translates_the_sentence_and_its_parts() -> None:
    nested = Sentence("IMAP: {problem}", problem=REFUSED)
    assert human(nested) == "IMAP: رفض الخادم اسم المستخدم أو كلمة المرور"
    assert human(ConnectionProblem("auth", REFUSED)) == "رفض الخادم اسم المستخدم أو كلمة المرور"
    busy = Sentence("the server is busy ({code})", code=503)
    line = summary([Refreshed(1, "blog", "error", error=busy)])
    assert "الخادم مشغول (503)" in line and "busy" not in line
    assert human("a plain str stays as it is") == "a plain str stays as it is"


@pytest.mark.usefixtures("arabic_ui")
def test_dates_and_lists_inside_sentences_follow_the_ui() -> None:
    from datetime import UTC, datetime

    from cm_desk.domain.sentence import Day
    from cm_desk.triage.when import WhenError, parse_when
    from cm_desk.ui import dates

    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    with pytest.raises(WhenError) as caught:
        parse_when("2026-11-20 10:00", now)
    assert "is in the past (Fri 20 Nov 10:00)" in str(caught.value)  # the CLI's English
    shown = human(caught.value)
    assert "في الماضي" in shown and "Fri" not in shown
    assert dates.moment(datetime(2026, 11, 20, 10, 0).astimezone()) in shown

    due = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    escalated = Sentence(
        "Escalated: {a}, {b}",
        a=Sentence("forwarded to {name}", name="John"),
        b=Sentence("{name} owns it until {due}", name="John", due=Day(due)),
    )
    assert str(escalated).startswith("Escalated: forwarded to John, John owns it until ")
    assert human(escalated) == f"صُعِّد: أُحيل إلى John، يتولاه John حتى {dates.day(due)}"


@pytest.mark.usefixtures("arabic_ui")
def test_a_bad_search_is_explained_in_the_ui_language() -> None:
    from cm_desk.store.query_lang import QueryError, parse

    with pytest.raises(QueryError) as caught:
        parse("kind:fax")
    assert str(caught.value) == "kind:fax is unknown; use kind:mail or kind:mention"
    assert human(caught.value) == "kind:fax غير معروف؛ استخدم kind:mail أو kind:mention"

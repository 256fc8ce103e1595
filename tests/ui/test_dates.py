"""Dates in the UI language and local time: English, Dutch and Arabic names, 0-9 digits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from cm_desk.ui import dates, i18n

WHEN = datetime(2025, 3, 3, 13, 5, tzinfo=UTC)  # a Monday; 14:05 in Amsterdam
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
ARABIC = QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt)  # Arabic-Indic digits


@pytest.fixture(autouse=True)
def _amsterdam(local_tz: Callable[[str], None]) -> None:
    local_tz("Europe/Amsterdam")


@pytest.fixture()
def default_locale() -> Iterator[None]:
    """Whatever a test makes Qt's default locale, the next test starts from the old one."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("locale", "weekday", "day", "moment"),
    [
        (ENGLISH, "Mon", "Mon 3 Mar", "Mon 3 Mar 2025 14:05"),
        (DUTCH, "ma", "ma 3 mrt", "ma 3 mrt 2025 14:05"),
        (ARABIC, "الاثنين", "الاثنين 3 مارس", "الاثنين 3 مارس 2025 14:05"),
    ],
)
def test_names_in_the_language_of_the_locale_in_local_time(
    locale: QLocale, weekday: str, day: str, moment: str
) -> None:
    assert dates.weekday(WHEN, locale) == weekday
    assert dates.day(WHEN, locale) == day
    assert dates.moment(WHEN, locale, year=True) == moment
    assert dates.moment(WHEN, locale) == moment.replace(" 2025", "")


def test_a_day_is_the_local_day(local_tz: Callable[[str], None]) -> None:
    late = datetime(2025, 3, 3, 23, 30, tzinfo=UTC)
    assert dates.moment(late, ENGLISH) == "Tue 4 Mar 00:30"
    local_tz("America/New_York")
    assert dates.moment(late, ENGLISH) == "Mon 3 Mar 18:30"


def test_the_ui_language_names_the_dates(qapp: QApplication, default_locale: None) -> None:
    """An Arabic UI: Arabic names by default; a language without a translation: English."""
    translators = i18n.install(qapp, ARABIC)
    try:
        assert translators
        assert dates.moment(WHEN) == "الاثنين 3 مارس 14:05"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
    assert i18n.install(qapp, QLocale(QLocale.Language.Japanese)) == []
    assert dates.moment(WHEN) == "Mon 3 Mar 14:05"
    assert i18n.install(qapp, ENGLISH) == []
    assert QLocale() == ENGLISH

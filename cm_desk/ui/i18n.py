"""The UI's words through Qt's translation, and the translation for the user's language.

``tr`` marks a string for ``pyside6-lupdate`` (context ``cm-desk``) and
returns it translated once a translator is installed. Translations live in
``resources/translations/cm_desk_<lang>.qm`` (built from the ``.ts`` files
with ``pyside6-lrelease``); an Arabic translation also turns the layout
right to left, as its ``QT_LAYOUT_DIRECTION`` entry says. The locale of the
language the UI then speaks becomes Qt's default ``QLocale()``, which names the
days and months of :mod:`cm_desk.ui.dates`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from cm_desk.domain.sentence import Day, Moment, Sentence, sentence_of
from cm_desk.domain.text import short_age

CONTEXT = "cm-desk"
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"


def tr(text: str) -> str:
    """``text`` in the UI language."""
    return QCoreApplication.translate(CONTEXT, text)


def human(text: object) -> str:
    """A sentence from the mail or feed layers in the UI language: a :class:`Sentence`
    has its template translated and its fields (translated too, when they are
    sentences themselves) filled in; anything else is shown as it is."""
    if isinstance(text, BaseException):
        text = sentence_of(text)
    if isinstance(text, Sentence):
        fields = {k: _field(v) for k, v in text.fields.items()}
        return tr(text.template).format(**fields) if fields else tr(text.template)
    return str(text)


def _field(value: object) -> object:
    from cm_desk.ui import dates

    if isinstance(value, Sentence):
        return human(value)
    if isinstance(value, Moment):
        return dates.moment(value.at)
    if isinstance(value, Day):
        return dates.day(value.at)
    return value


def age(seconds: int) -> str:
    """:func:`~cm_desk.domain.text.short_age` (5m, 3h, 2d, 6w) in the UI language."""
    text = short_age(seconds)
    number, unit = text[:-1], text[-1:]
    units = {"m": tr("{n}m"), "h": tr("{n}h"), "d": tr("{n}d"), "w": tr("{n}w")}
    return units[unit].format(n=number) if unit in units else text


def install(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load the translation for ``locale`` (default: the system's), if there is one,
    with Qt's own (the Save, Cancel and OK of its dialogs); the translators installed.

    ``QLocale()`` becomes the locale of the language the UI speaks: ``locale``
    when it is translated, English otherwise, so that dates never name their
    day in another language than the words around them."""
    chosen = locale or QLocale.system()
    ours = QTranslator(app)
    if not ours.load(chosen, "cm_desk", "_", str(TRANSLATIONS)):
        english = chosen.language() in (QLocale.Language.English, QLocale.Language.C)
        QLocale.setDefault(chosen if english else QLocale(QLocale.Language.English))
        return []
    QLocale.setDefault(chosen)
    installed = [ours]
    qt_words = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_words.load(chosen, "qtbase", "_", qt_dir):
        installed.append(qt_words)
    for translator in installed:
        app.installTranslator(translator)
    return installed

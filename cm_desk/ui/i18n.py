"""The UI's words through Qt's translation, and the translation for the user's language.

``tr`` marks a string for ``pyside6-lupdate`` (context ``cm-desk``) and
returns it translated once a translator is installed. Translations live in
``resources/translations/cm_desk_<lang>.qm`` (built from the ``.ts`` files
with ``pyside6-lrelease``); an Arabic translation also turns the layout
right to left, as its ``QT_LAYOUT_DIRECTION`` entry says.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "cm-desk"
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"


def tr(text: str) -> str:
    """``text`` in the UI language."""
    return QCoreApplication.translate(CONTEXT, text)


def install(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Load the translation for ``locale`` (default: the system's), if there is one."""
    chosen = locale or QLocale.system()
    translator = QTranslator(app)
    if not translator.load(chosen, "cm_desk", "_", str(TRANSLATIONS)):
        return None
    app.installTranslator(translator)
    return translator

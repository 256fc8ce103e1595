"""Which key an action may take, and in one sentence why not.

Every key acts at least in the queue (window keys act in the whole window,
triage keys in the queue and the conversation), so no two actions share a key,
nor a key that starts another's two-key sequence ("G" would cut off "G, Q").
Keys the CM needs elsewhere are refused too: Tab moves the focus, Escape closes,
arrows and Page keys move in lists and text, Alt with a letter reaches a
labelled field, and the app's fixed keys (Ctrl+Enter sends, Ctrl+S keeps a
search) stay theirs. A window key never takes Enter: the search and the
palette's fields need it (Qt's text fields claim printable keys for themselves,
so a plain letter stays safe for typing — but not Enter, Tab, Escape, Up or
Page Down, as a probe of QLineEdit and QTextEdit shows).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

from cm_desk.ui.i18n import tr
from cm_desk.ui.shortcuts import SHORTCUTS, Shortcut, title

K = Qt.Key
_FOCUS = {K.Key_Tab, K.Key_Backtab}
_CURSOR = {
    K.Key_Up,
    K.Key_Down,
    K.Key_Left,
    K.Key_Right,
    K.Key_Home,
    K.Key_End,
    K.Key_PageUp,
    K.Key_PageDown,
}
_ENTER = {K.Key_Return, K.Key_Enter}
_EDITING = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.SelectAll,
)
_SEND = ("Ctrl+Return", "Ctrl+Enter")  # the composer and the dialogs send with it
_KEEP_SEARCH = "Ctrl+S"  # the search field keeps its search as a view


def shown(key: str) -> str:
    """A key inside a sentence, isolated left to right (it reads "G, Q" in Arabic too)."""
    return "\u2066" + key + "\u2069"


def _overlaps(a: QKeySequence, b: QKeySequence) -> bool:
    """The same sequence, or one the start of the other."""
    no = QKeySequence.SequenceMatch.NoMatch
    return a.matches(b) != no or b.matches(a) != no


def _combo_refusal(shortcut: Shortcut, combo: QKeyCombination) -> str | None:
    key, mods = combo.key(), combo.keyboardModifiers()
    M = Qt.KeyboardModifier
    if key in (K.Key_unknown, K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta):
        return tr("That is not a key: press a key, or two in a row like G, Q")
    if key in _FOCUS:
        return tr("{key} moves the focus from field to field; choose another key")
    if key == K.Key_Escape:
        return tr("{key} closes dialogs and the composer; choose another key")
    if key in _CURSOR and not mods & (M.AltModifier | M.MetaModifier):
        return tr("{key} moves in the queue and in text; choose another key")
    if key in _ENTER and not shortcut.triage and not mods & ~M.ShiftModifier:
        return tr("{key} runs a search and picks in lists; only a queue key can take it")
    letter = K.Key_A <= key <= K.Key_Z or K.Key_0 <= key <= K.Key_9
    if letter and mods & M.AltModifier and not mods & (M.ControlModifier | M.MetaModifier):
        return tr("{key} reaches a labelled field (its underlined letter); choose another key")
    return None


def refusal(shortcut: Shortcut, key: str, bound: Mapping[str, str]) -> str | None:
    """Why ``shortcut`` cannot take ``key`` while the others are ``bound`` (action →
    key), in the UI language; None when it can."""
    seq = QKeySequence(key)
    text = shown(seq.toString())
    if seq.isEmpty():
        return tr("That is not a key: press a key, or two in a row like G, Q")
    for i in range(seq.count()):
        why = _combo_refusal(shortcut, seq[i])  # type: ignore[index]  # the stubs lack __getitem__
        if why is not None:
            return why.format(key=text)
    for standard in _EDITING:
        if any(_overlaps(seq, s) for s in QKeySequence.keyBindings(standard)):
            return tr("{key} copies, pastes or undoes in text; choose another key").format(key=text)
    if any(_overlaps(seq, QKeySequence(s)) for s in _SEND):
        return tr("{key} sends a reply or a dialog; choose another key").format(key=text)
    if _overlaps(seq, QKeySequence(_KEEP_SEARCH)):
        return tr("{key} keeps a search as a view; choose another key").format(key=text)
    for other in SHORTCUTS:
        theirs = QKeySequence(bound.get(other.action, other.key))
        if other.action == shortcut.action or not _overlaps(seq, theirs):
            continue
        if seq.matches(theirs) == QKeySequence.SequenceMatch.ExactMatch:
            taken = tr("{key} is already the key of “{action}”; change or reset that one first")
            return taken.format(key=text, action=title(other))
        cut = tr("{key} would cut off {other}, the key of “{action}”; choose another key")
        return cut.format(key=text, other=shown(theirs.toString()), action=title(other))
    return None

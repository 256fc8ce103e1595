"""Changing a key in the app, by keystrokes only: ? lists the keys, Enter records a new
one, the window rebinds it at once; refusals and resets are explained in the dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cm_desk.store.engine import Store
from cm_desk.store.schema import Item
from cm_desk.ui.main_window import MainWindow
from cm_desk.ui.shortcut_editor import ShortcutEditor, ShortcutModel
from cm_desk.ui.shortcuts import SHORTCUTS


def _triage(store: Store, item_id: int) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(select(Item.triage).where(Item.id == item_id)).scalar_one())


def _open_list(qtbot: QtBot, w: MainWindow) -> ShortcutEditor:
    w.shortcut_list = None  # type: ignore[assignment]
    qtbot.waitUntil(lambda: w.queue_view.hasFocus())
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Question)
    qtbot.waitUntil(lambda: getattr(w, "shortcut_list", None) is not None)
    dialog = w.shortcut_list
    qtbot.waitUntil(lambda: dialog.query.hasFocus())
    return dialog


def _record(qtbot: QtBot, dialog: ShortcutEditor, find: str, key: Qt.Key) -> None:
    """Find an action, Enter, press ``key``; wait until the recording is over."""
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, find)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorder.hasFocus())
    with qtbot.waitSignal(dialog.recorder.editingFinished, timeout=5_000):
        qtbot.keyClick(dialog.recorder, key)
    qtbot.waitUntil(lambda: not dialog.recording.isVisible())


def test_a_new_key_for_mark_done_works_at_once(qtbot: QtBot, window: MainWindow) -> None:
    w, store = window, window.store
    dialog = _open_list(qtbot, w)
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal

    # Down moves from the first row; typing finds "Mark done".
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.table.currentIndex().row() == 1
    _record(qtbot, dialog, "mark done", Qt.Key.Key_D)
    assert QSettings().value("shortcuts/done") == "D"
    assert "“Mark done” is now" in dialog.message.text()
    assert w.bound["done"] == "D"
    done_row = [sc.action for sc in SHORTCUTS].index("done")
    assert "D" in str(dialog.model.index(done_row, 1).data())
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)  # closes the list; the queue has the focus
    qtbot.waitUntil(lambda: not dialog.isVisible() and w.queue_view.hasFocus())

    # The old key E does nothing now; D marks done.
    with qtbot.assertNotEmitted(w.loader.loaded, wait=300):
        qtbot.keyClick(w.queue_view, Qt.Key.Key_E)
    first = w.current_row()
    assert first is not None and _triage(store, first.id) != "done"
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(w.queue_view, Qt.Key.Key_D)
    assert _triage(store, first.id) == "done"

    # Only one QShortcut per place holds the new key; the search field still types a d.
    assert len(w.key_bindings.shortcuts("done")) == 2
    w.search_box.setFocus()
    qtbot.keyClicks(w.search_box, "d")
    assert w.search_box.text() == "d"

    # The palette shows the new key too.
    qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)
    w.show_palette()
    palette = w.command_palette
    qtbot.keyClicks(palette.query, "mark done")
    assert palette.results.item(0).text().endswith("D")
    palette.close()


def test_a_key_in_use_or_needed_elsewhere_is_refused_and_keys_reset(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    dialog = _open_list(qtbot, w)

    _record(qtbot, dialog, "mark done", Qt.Key.Key_J)
    assert "is already the key of “Next item”" in dialog.message.text()
    assert QSettings().value("shortcuts/done") is None
    assert w.bound["done"] == "E"

    # Tab is not recorded (it would trap the focus): a sentence says why.
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorder.hasFocus())
    qtbot.keyClick(dialog.recorder, Qt.Key.Key_Tab)
    assert "moves the focus" in dialog.message.text()
    assert dialog.query.hasFocus() and QSettings().value("shortcuts/done") is None

    # Escape cancels a recording: nothing changes, and the list stays open.
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorder.hasFocus())
    qtbot.keyClick(dialog.recorder, Qt.Key.Key_Escape)
    assert not dialog.recording.isVisible() and dialog.isVisible()
    assert dialog.message.text().endswith("Nothing changed")

    # A two-key sequence, then back to the default for that row.
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, "go to the queue")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorder.hasFocus())
    with qtbot.waitSignal(dialog.recorder.editingFinished, timeout=5_000):
        qtbot.keyClick(dialog.recorder, Qt.Key.Key_G)
        qtbot.keyClick(dialog.recorder, Qt.Key.Key_W)
    assert QSettings().value("shortcuts/go_queue") == "G, W"
    assert w.bound["go_queue"] == "G, W"
    qtbot.keyClick(dialog.query, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.bound["go_queue"] == "G, Q")  # a button's mnemonic clicks soon
    assert QSettings().value("shortcuts/go_queue") is None

    # Reset all.
    _record(qtbot, dialog, "mark done", Qt.Key.Key_D)
    assert w.bound["done"] == "D"
    qtbot.keyClick(dialog.query, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: w.bound["done"] == "E")
    assert QSettings().value("shortcuts/done") is None
    assert QApplication.focusWidget() is dialog.query
    dialog.close()


def test_the_list_model(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(ShortcutModel({sc.action: sc.key for sc in SHORTCUTS}))


def _screenshot(qtbot: QtBot, w: MainWindow, path: Path) -> None:
    """The list with a refusal explained, then with the next recording under way."""
    dialog = _open_list(qtbot, w)
    for _ in range(5):  # down to "Mark done", in any language
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.current() is not None and dialog.current().action == "done"
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorder.hasFocus())
    with qtbot.waitSignal(dialog.recorder.editingFinished, timeout=5_000):
        qtbot.keyClick(dialog.recorder, Qt.Key.Key_J)
    assert dialog.message.text()
    # The layout settles on the next turn of the event loop (the recording row hid).
    qtbot.waitUntil(lambda: dialog.message.y() < dialog.table.geometry().bottom() + 20)
    dialog.grab().save(str(path))
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recorder.hasFocus())
    dialog.grab().save(str(path.with_name(path.stem + "_recording.png")))
    qtbot.keyClick(dialog.recorder, Qt.Key.Key_Escape)
    dialog.close()


def test_screenshot_in_english(qtbot: QtBot, window: MainWindow, artifacts: Path) -> None:
    _screenshot(qtbot, window, artifacts / "shortcut_editor.png")


def test_screenshot_in_arabic(
    qtbot: QtBot, arabic_ui: None, window: MainWindow, artifacts: Path
) -> None:
    w = window
    dialog = _open_list(qtbot, w)
    assert dialog.windowTitle() != "Keyboard shortcuts"
    dialog.close()
    _screenshot(qtbot, w, artifacts / "shortcut_editor_ar.png")


def test_texts_that_name_a_key_name_the_new_one(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    dialog = _open_list(qtbot, w)
    _record(qtbot, dialog, "save an attachment", Qt.Key.Key_S)
    _record(qtbot, dialog, "check mail", Qt.Key.Key_F6)
    _record(qtbot, dialog, "author by mail", Qt.Key.Key_W)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: w.queue_view.hasFocus())
    assert w.conversation.save_key == "s" and w.sync.refresh_key == "F6"

    row = w.current_row()
    assert row is not None and row.kind == "mail"
    qtbot.keyClick(w.queue_view, Qt.Key.Key_W)
    assert "w writes to the author of a mention; r replies" in w.statusBar().currentMessage()

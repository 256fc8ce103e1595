"""Triage on the demo workspace by keystrokes only; the store is checked after each one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cm_desk.store.engine import Store
from cm_desk.store.schema import Item, ItemTag, Note, Tag
from cm_desk.ui.main_window import MainWindow


def _item(store: Store, item_id: int) -> dict[str, object]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(Item.__table__).where(Item.id == item_id)).mappings().one())


def _act(qtbot: QtBot, w: MainWindow, key: Qt.Key, text: str = "") -> None:
    """Press a triage key on the queue, answer its prompt, wait for the write."""
    if not text:
        with qtbot.waitSignal(
            w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
        ):
            qtbot.keyClick(w.queue_view, key)
        return
    qtbot.keyClick(w.queue_view, key)
    qtbot.waitUntil(lambda: w.triage.prompt is not None and w.triage.prompt.isVisible())
    prompt = w.triage.prompt
    assert prompt is not None
    qtbot.waitUntil(lambda: prompt.isAncestorOf(QApplication.focusWidget()))
    focus = QApplication.focusWidget()
    qtbot.keyClicks(focus, text)
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(focus, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_done_snooze_tag_note_and_spam_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    w, store = window, window.store

    first = w.current_row()
    assert first is not None
    _act(qtbot, w, Qt.Key.Key_E)
    assert _item(store, first.id)["triage"] == "done"
    qtbot.waitUntil(lambda: first.id not in w.queue_model.ids, timeout=10_000)
    assert w.queue_view.currentIndex().row() == 0  # the next item took its place

    second = w.current_row()
    assert second is not None and second.id != first.id
    _act(qtbot, w, Qt.Key.Key_Z, "vrijdag")
    until = _item(store, second.id)["snoozed_until"]
    assert isinstance(until, datetime)
    assert until.astimezone().weekday() == 4 and until.astimezone().hour == 9
    qtbot.waitUntil(lambda: second.id not in w.queue_model.ids, timeout=10_000)

    third = w.current_row()
    assert third is not None
    _act(qtbot, w, Qt.Key.Key_T, "complaint")
    _act(qtbot, w, Qt.Key.Key_N, "Called her back; waiting on billing.")
    with store.engine.connect() as conn:
        tags = conn.execute(
            select(Tag.name).join(ItemTag).where(ItemTag.item_id == third.id)
        ).scalars()
        assert "complaint" in set(tags)
        notes = conn.execute(
            select(Note.body).where(Note.conversation_id == third.conversation_id)
        ).scalars()
        assert "Called her back; waiting on billing." in set(notes)

    # ! asks which: s marks spam.
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Exclam)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(menu, Qt.Key.Key_S)
    assert _item(store, third.id)["triage"] == "spam"


def test_a_date_that_cannot_be_read_says_so_and_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    row = w.current_row()
    assert row is not None
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: w.triage.prompt is not None and w.triage.prompt.isVisible())
    prompt = w.triage.prompt
    assert prompt is not None
    qtbot.waitUntil(lambda: prompt.isAncestorOf(QApplication.focusWidget()))
    focus = QApplication.focusWidget()
    qtbot.keyClicks(focus, "whenever")
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "cannot read 'whenever'" in w.statusBar().currentMessage())
    assert _item(w.store, row.id)["snoozed_until"] is None


def _outbox(store: Store) -> list[dict[str, object]]:
    from cm_desk.store.schema import OutboxEntry

    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(OutboxEntry.__table__)).mappings()]


def test_reply_with_a_template_and_reply_and_promise(qtbot: QtBot, window: MainWindow) -> None:
    from cm_desk.store.schema import Promise

    w, store = window, window.store
    row = w.current_row()
    assert row is not None and row.kind == "mail"

    # r: the composer opens; Alt+T reaches the templates, Down picks the first one.
    qtbot.keyClick(w.queue_view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: w.composer.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: w.composer.body.hasFocus())
    qtbot.keyClick(w.composer.body, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert w.composer.template_box.hasFocus()
    qtbot.keyClick(w.composer.template_box, Qt.Key.Key_Down)
    text = w.composer.body.toPlainText()
    first = row.sender.split()[0]
    assert first in text and "{first}" not in text
    w.grab().save(str(Path(__file__).resolve().parents[2] / "test-artifacts" / "composer.png"))
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(
            w.composer.template_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert not w.composer.isVisible()
    queued = _outbox(store)
    assert len(queued) == 1 and queued[0]["reply_to_item_id"] == row.id
    assert first.encode() in bytes(queued[0]["raw"])  # type: ignore[arg-type]

    # p: reply and promise, with a Dutch typed date.
    row2 = w.current_row()
    assert row2 is not None and row2.kind == "mail"  # "Needs reply" holds mail only
    qtbot.keyClick(w.queue_view, Qt.Key.Key_P)
    qtbot.waitUntil(
        lambda: w.composer.isVisible() and w.composer.promise.hasFocus(), timeout=10_000
    )
    qtbot.keyClicks(w.composer.promise, "Send you the fix")
    qtbot.keyClick(w.composer.promise, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "vrijdag")
    w.composer.body.setFocus()
    qtbot.keyClicks(w.composer.body, "I'll send you the fix by Friday.")
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(w.composer.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with store.engine.connect() as conn:
        promise = conn.execute(
            select(Promise.what, Promise.due_at).where(Promise.item_id == row2.id)
        ).one()
    assert promise.what == "Send you the fix"
    assert promise.due_at.astimezone().weekday() == 4 and promise.due_at.astimezone().hour == 17
    assert len(_outbox(store)) == 2


def test_a_mention_is_answered_where_it_was_posted_and_logged(
    qtbot: QtBot, window: MainWindow
) -> None:
    from cm_desk.store.schema import Note, OutboxEntry

    w, store = window, window.store
    opened: list[str] = []
    w.links.open_url = lambda url: opened.append(url.toString())
    w.view_box.setCurrentIndex(w.view_box.findData("mentions"))
    qtbot.waitUntil(
        lambda: (r := w.current_row()) is not None and r.kind == "mention", timeout=10_000
    )
    row = w.current_row()
    assert row is not None and row.url
    w.queue_view.setFocus()
    qtbot.keyClick(w.queue_view, Qt.Key.Key_O)
    assert opened == [row.url]
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Y)
    assert QApplication.clipboard().text() == row.url

    qtbot.keyClick(w.queue_view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: w.composer.isVisible() and w.composer.body.hasFocus(), timeout=10_000)
    assert not w.composer.template_box.isVisible()
    qtbot.keyClicks(w.composer.body, "Replied on the thread with the workaround")
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(w.composer.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    item = _item(store, row.id)
    assert item["triage"] == "done" and item["answered_at"] is not None
    with store.engine.connect() as conn:
        notes = set(
            conn.execute(
                select(Note.body).where(Note.conversation_id == row.conversation_id)
            ).scalars()
        )
        assert not conn.execute(select(OutboxEntry.id)).first()  # nothing sent by mail
    assert "Reached out: Replied on the thread with the workaround" in notes


def test_m_writes_to_a_mentions_author_by_mail_once_the_address_is_known(
    qtbot: QtBot, window: MainWindow, artifacts: Path
) -> None:
    from cm_desk.store.person import mail_address
    from cm_desk.store.queries import person_of_item
    from cm_desk.store.schema import Identity, OutboxEntry
    from cm_desk.triage.people import merge_people

    w, store = window, window.store
    w.view_box.setCurrentIndex(w.view_box.findData("mentions"))
    qtbot.waitUntil(
        lambda: (r := w.current_row()) is not None and r.kind == "mention", timeout=10_000
    )
    row = w.current_row()
    assert row is not None
    with store.engine.connect() as conn:
        known = mail_address(conn, row.id)
        author = person_of_item(conn, row.id)
        stranger = conn.execute(
            select(Identity.person_id)
            .where(Identity.network == "email", Identity.person_id != author)
            .order_by(Identity.id.desc())
            .limit(1)
        ).scalar_one()
    w.queue_view.setFocus()
    if known is None:  # nothing to write to yet: it says how to get there
        qtbot.keyClick(w.queue_view, Qt.Key.Key_M)
        qtbot.waitUntil(lambda: "address is not known" in w.statusBar().currentMessage())
        assert not w.composer.isVisible()
        assert author is not None
        merge_people(store, author, stranger)  # the CM learns who they are
        with store.engine.connect() as conn:
            known = mail_address(conn, row.id)
    assert known is not None

    qtbot.keyClick(w.queue_view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: w.composer.isVisible() and w.composer.body.hasFocus(), timeout=10_000)
    assert w.composer.subject.isVisible() and w.composer.subject.text().startswith("About")
    assert known.addr in w.composer.to_value.text()
    qtbot.keyClicks(w.composer.body, "Saw your post; can you tell me which version you run?")
    w.grab().save(str(artifacts / "mail-to-mention-author.png"))
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(w.composer.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "queued" in w.statusBar().currentMessage()
    with store.engine.connect() as conn:
        entry = conn.execute(select(OutboxEntry)).one()
    assert (entry.kind, entry.reply_to_item_id) == ("new", row.id)
    assert entry.conversation_id == row.conversation_id
    assert known.addr.encode() in entry.raw and b"which version" in entry.raw


def test_escalate_forwards_acknowledges_and_tracks(qtbot: QtBot, window: MainWindow) -> None:
    from cm_desk.store.queue import View, view_ids
    from cm_desk.store.schema import Escalation, OutboxEntry, Promise

    w, store = window, window.store
    row = w.current_row()
    assert row is not None and row.kind == "mail"
    qtbot.keyClick(w.queue_view, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: getattr(w, "escalation_dialog", None) is not None, timeout=10_000)
    dialog = w.escalation_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.colleague.hasFocus())
    colleague = dialog.colleague.currentText().split(" — ")[0]
    qtbot.keyClick(dialog.colleague, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Refund the second charge")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    due = QApplication.focusWidget()
    due.selectAll()  # type: ignore[union-attr]
    qtbot.keyClicks(due, "vrijdag")
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(due, Qt.Key.Key_Return)
    assert f"forwarded to {colleague}" in w.statusBar().currentMessage()
    with store.engine.connect() as conn:
        esc = conn.execute(
            select(Escalation.reason, Escalation.customer_told, Escalation.promise_id).where(
                Escalation.item_id == row.id
            )
        ).one()
        promise = conn.execute(select(Promise.due_at).where(Promise.id == esc.promise_id)).one()
        kinds = sorted(
            conn.execute(
                select(OutboxEntry.kind).where(OutboxEntry.reply_to_item_id == row.id)
            ).scalars()
        )
        escalated = view_ids(conn, View.ESCALATED, datetime.now(UTC))
    assert esc.reason == "Refund the second charge" and esc.customer_told
    assert promise.due_at.astimezone().weekday() == 4
    assert kinds == ["forward", "reply"]
    assert row.id in escalated


def test_search_help_and_palette_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Slash)
    assert w.search_box.hasFocus()
    qtbot.keyClicks(w.search_box, "refund")
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "search"
    ):
        qtbot.keyClick(w.search_box, Qt.Key.Key_Return)
    assert "items match 'refund'" in w.statusBar().currentMessage()
    hits = w.queue_model.rowCount()
    assert 0 < hits < 50 and w.queue_view.hasFocus()

    # Ctrl+S in the search box keeps the query as a view of the queue.
    w.search_box.setFocus()
    qtbot.keyClick(w.search_box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.search.save_dialog is not None)
    named = w.search.save_dialog
    qtbot.waitUntil(lambda: named.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClicks(QApplication.focusWidget(), "Refunds")
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "search"
    ):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert w.view_box.currentText() == "★ Refunds" and w.queue_model.rowCount() == hits
    w.view_box.setCurrentIndex(w.view_box.findData("needs_reply"))
    w.queue_view.setFocus()

    qtbot.keyClick(w.queue_view, Qt.Key.Key_Slash)
    w.search_box.selectAll()
    qtbot.keyClicks(w.search_box, "date:blah")
    qtbot.keyClick(w.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Cannot search for that" in w.statusBar().currentMessage())
    with qtbot.waitSignal(
        w.reads.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "view"
    ):
        qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)
    assert w.search_box.text() == ""

    qtbot.keyClick(w.queue_view, Qt.Key.Key_Question)
    qtbot.waitUntil(lambda: getattr(w, "shortcut_list", None) is not None)
    listed = w.shortcut_list.model
    assert "Escalate to a colleague" in {
        listed.index(r, 0).data() for r in range(listed.rowCount())
    }
    w.shortcut_list.close()

    qtbot.keyClick(w.queue_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(w, "command_palette", None) is not None)
    palette = w.command_palette
    qtbot.waitUntil(lambda: palette.query.hasFocus())
    qtbot.keyClicks(palette.query, "snoo")
    assert palette.results.count() == 1
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.triage.prompt is not None and w.triage.prompt.isVisible())
    assert "Snooze" in w.triage.prompt.labelText()
    w.triage.prompt.reject()


def test_the_window_mirrors_right_to_left(qtbot: QtBot, demo_store: Store, artifacts: Path) -> None:
    store = demo_store
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        w = MainWindow(store, "demo", demo=True)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w.conversation.shown is not None, timeout=10_000)
        assert w.isRightToLeft() and w.splitter.isRightToLeft()
        # The queue is the first pane, so it sits at the right edge.
        assert w.queue_view.mapTo(w, w.queue_view.rect().topRight()).x() > w.width() // 2
        w.grab().save(str(artifacts / "main_window_rtl.png"))
        w.close()
    finally:
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_an_arabic_ui_reads_arabic_and_runs_right_to_left(
    qtbot: QtBot, demo_store: Store, artifacts: Path, arabic_ui: None
) -> None:
    w = MainWindow(demo_store, "demo", demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.conversation.shown is not None, timeout=10_000)
    assert w.view_box.itemText(0) == "بحاجة إلى رد"
    assert w.isRightToLeft()
    assert (
        "\u0627\u0644\u0645\u062a\u0627\u0628\u0639\u0627\u062a"
        in w.followups_view.parent().findChild(QLabel).text()
    )  # المتابعات
    w.grab().save(str(artifacts / "main_window_arabic_ui.png"))
    w.close()

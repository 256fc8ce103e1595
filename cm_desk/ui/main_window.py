"""The main window, wiring only: queue | conversation | follow-ups, side by side.

Every store read runs in the database worker (:class:`Loader`) and comes back
as plain values; the panes only show them. The queue lists a view's ids at
once and loads rows a page at a time as they scroll into sight.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cm_desk.domain.models import PromiseRow, Triage, WaitingRow
from cm_desk.store.person import person_card, person_in_thread
from cm_desk.store.queue import (
    VIEW_TITLES,
    QueueRow,
    View,
    rows,
    urgent_since,
    view_ids,
)
from cm_desk.store.thread import images_allowed, load_thread
from cm_desk.ui.app_store import AppStore
from cm_desk.ui.conversation_actions import ConversationActions
from cm_desk.ui.feed_service import FeedService
from cm_desk.ui.first_run import FirstRunDialog, SetupResult, run_setup
from cm_desk.ui.focus import focus_keeper
from cm_desk.ui.i18n import human, tr
from cm_desk.ui.key_bindings import KeyBindings
from cm_desk.ui.loader import Loader
from cm_desk.ui.models.queue_model import QueueModel
from cm_desk.ui.notifier import Notifier
from cm_desk.ui.palette import CommandPalette
from cm_desk.ui.panes.composer import ReplyComposer
from cm_desk.ui.panes.conversation_pane import (
    ConversationPane,
    inline_images,
)
from cm_desk.ui.panes.escalate_dialog import EscalateDialog
from cm_desk.ui.panes.followups_pane import FollowupsPane
from cm_desk.ui.panes.person_panel import PersonPanel
from cm_desk.ui.panes.queue_delegate import QueueDelegate
from cm_desk.ui.person_merge import MERGE, PersonMerge
from cm_desk.ui.search_bar import SearchBar
from cm_desk.ui.shortcut_editor import ShortcutEditor
from cm_desk.ui.shortcuts import SHORTCUTS, spoken, title
from cm_desk.ui.status_label import StatusLabel
from cm_desk.ui.sync_service import SyncService
from cm_desk.ui.triage_actions import TriageActions

if TYPE_CHECKING:
    from cm_desk.store.engine import Store

log = logging.getLogger(__name__)


def queue_table(model: QueueModel, delegate: QueueDelegate) -> QTableView:
    """The queue as a one-column table without headers or grid: it looks like a
    list, but a table lays out no row it does not show (a QListView measures
    every row on each reload: 85 ms of the UI thread for 50,000 items)."""
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(delegate)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
    view.setTabKeyNavigation(False)  # Tab leaves the queue, as from a list
    view.horizontalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(delegate.row_height(view.font()))
    return view


def _titled(title: str, view: QWidget, extra: QWidget | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    label = QLabel(f"<b>{title}</b>")
    label.setBuddy(view)
    layout.addWidget(label)
    if extra is not None:
        layout.addWidget(extra)
    layout.addWidget(view)
    return box


HOLD_IDLE_MS = 300  # the CM paused this long: load what needs the full store
HOLD_MAX_MS = 3000  # ...or at the latest this long after the first rows


class MainWindow(QMainWindow):
    """Top-level window of one workspace."""

    def __init__(self, store: Store | AppStore, title: str, *, demo: bool = False) -> None:
        super().__init__()
        # An AppStore behaves as a Store that opens itself in the first worker needing it.
        self.store = cast("Store", store)
        self._plain = store if isinstance(store, AppStore) else None
        # While SQLAlchemy still has to load (an AppStore), the jobs that need it
        # (follow-ups, saved searches) wait until the first rows are on screen and
        # the CM pauses: its import holds the GIL for 0.3 s, and every key in
        # that time would wait for it.
        self._held: list[Callable[[], None]] | None = [] if self._plain is not None else None
        self._held_since = 0.0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._release_held)
        self.demo = demo  # a demo's servers are placeholders: mail and feeds stay offline
        self.setWindowTitle(tr("cm-desk — {workspace}").format(workspace=title))
        self.settings = QSettings()
        self._open_pending = False
        self._thread_item: int | None = None  # the queue item whose thread was last opened
        self._reload_thread = False  # an action changed it: show it afresh
        self._restoring = False  # the selection moves because a view reloaded, not the CM
        self._pinned = False  # the CM opened a thread from the follow-ups: keep it shown
        self.loader = Loader(self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        # The queue and the thread on screen are read by a worker of their own, so
        # a key never waits behind a write, a search or the store being opened.
        self.reads = Loader(self)
        self.reads.loaded.connect(self._on_loaded)
        self.reads.failed.connect(self._on_failed)
        self.net = Loader(self)  # network jobs (the first-run checks), never the database worker
        self.net.loaded.connect(self._on_net)
        self.net.failed.connect(self._on_failed)

        self.conversation = ConversationPane()
        self.conversation.link_hovered.connect(lambda url: self.say(url))
        self.search = SearchBar(self)
        self.search_box = self.search.box
        self.view_box = QComboBox()
        for view, name in VIEW_TITLES.items():
            self.view_box.addItem(tr(name), view.value)
        self.view_box.currentIndexChanged.connect(lambda _i: self.load_view())
        self.queue_model = QueueModel()
        self.queue_model.page_wanted.connect(self._load_page)
        self.queue_delegate = QueueDelegate()
        self.queue_view = queue_table(self.queue_model, self.queue_delegate)
        self.queue_view.selectionModel().currentChanged.connect(
            lambda *_: self.open_current(user=not self._restoring)
        )
        self.queue_view.activated.connect(lambda _index: self.conversation.setFocus())
        self.followups = FollowupsPane()
        self.followups.act.connect(self._on_promise_action)
        self.followups_view = self.followups  # the pane g f jumps to

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        queue_tools = QWidget()
        tools = QHBoxLayout(queue_tools)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.view_box, 1)
        tools.addWidget(self.search_box, 2)
        self.splitter.addWidget(_titled(tr("&Queue"), self.queue_view, queue_tools))
        self.composer = ReplyComposer()
        self.composer.send.connect(self._send_reply)
        self.composer.closed.connect(lambda: self.conversation.setFocus())
        self.center = QSplitter(Qt.Orientation.Vertical)
        self.center.addWidget(self.conversation)
        self.center.addWidget(self.composer)
        self.center.setSizes([450, 300])
        self.splitter.addWidget(_titled(tr("&Conversation"), self.center))
        self.person = PersonPanel()
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.addWidget(_titled(tr("&Person"), self.person))
        self.owner_box = QComboBox()
        self.owner_box.addItem(tr("Everyone's promises"), "")
        self.owner_box.currentIndexChanged.connect(
            lambda _i: self.followups.set_owner(str(self.owner_box.currentData() or ""))
        )
        self.followups.owners_changed.connect(self._owners)
        self.side.addWidget(
            _titled(tr("&Follow-ups (open promises)"), self.followups_view, self.owner_box)
        )
        self.side.setSizes([300, 400])
        self.splitter.addWidget(self.side)
        self.splitter.setSizes([420, 560, 320])
        self.setCentralWidget(self.splitter)
        self.resize(1320, 760)

        self.sync = SyncService(self.store, self)
        self.sync.synced.connect(lambda _result: self.arrived())
        self.sync_label = StatusLabel()
        self.statusBar().addPermanentWidget(self.sync_label)
        self.sync.status.connect(self.sync_label.setText)
        self.feeds = FeedService(self.store, self)
        self.feeds.refreshed.connect(lambda _results: self.arrived())
        self.feeds_label = StatusLabel(320)
        self.statusBar().addPermanentWidget(self.feeds_label)
        self.feeds.status.connect(self.feeds_label.setText)
        self.triage = TriageActions(self.store, self.loader, self, self.current_row)
        self.triage.failed.connect(lambda message: self.say(message))
        self.merge = PersonMerge(
            self.store, self.loader, self, lambda: self.person.card, self.say, self.changed
        )
        self._keep_row = -1  # after an action the queue reloads and keeps this position
        self.notifier = Notifier(self, self.say)
        self._checked_since = datetime.now(UTC)  # urgent items after this are announced
        self._keys()
        self._restore()
        self.say(tr("Loading…"))
        self.load_view()
        self.after_first_rows(self._load_panes)
        self.links = ConversationActions(self)
        self.after_first_rows(self.search.load_saved)
        if not demo:
            self.after_first_rows(lambda: self.loader.submit("needs_setup", self._needs_setup))

    def after_first_rows(self, job: Callable[[], None]) -> None:
        """Run ``job`` now, or, while the store is still to be opened, once the first
        rows are on screen and the CM pauses (see ``_held``)."""
        if self._held is None:
            job()
        else:
            self._held.append(job)

    def _rows_shown(self) -> None:
        """The first rows are on screen: release the held jobs once the CM pauses."""
        if self._held is not None and not self._idle.isActive():
            self._held_since = time.monotonic()
            self._idle.start(HOLD_IDLE_MS)

    def _moved(self) -> None:
        """The CM moved in the queue: held jobs wait a little longer (within a bound)."""
        waited = 1000 * (time.monotonic() - self._held_since)
        if self._held is not None and self._idle.isActive() and waited < HOLD_MAX_MS:
            self._idle.start(HOLD_IDLE_MS)

    def _release_held(self) -> None:
        self._idle.stop()
        held, self._held = self._held or [], None
        for job in held:
            job()

    def _needs_setup(self) -> bool:
        """Worker: no account and no source yet (the first-run path)."""
        from cm_desk.store.queries import needs_setup

        return needs_setup(self.store)

    # -- keyboard

    def _handlers(self) -> dict[str, Callable[[], None]]:
        return {
            "next": lambda: self.step_queue(1),
            "previous": lambda: self.step_queue(-1),
            "open": lambda: self.conversation.setFocus(),
            "reply": lambda: self.start_reply(with_promise=False),
            "reply_promise": lambda: self.start_reply(with_promise=True),
            "done": lambda: self.triage.mark(Triage.DONE),
            "escalate": self.start_escalation,
            "spam": self.triage.spam_menu,
            "tag": self.triage.tag,
            "note": self.triage.note,
            "snooze": self.triage.snooze,
            "search": self.search.start,
            "open_original": lambda: self.links.open_original(),
            "attachment": lambda: self.links.choose_attachment(),
            "images": lambda: self.links.load_images(),
            "copy_link": lambda: self.links.copy_link(),
            "mail_author": self.start_mail_to_author,
            "merge_person": lambda: self.merge.start(),
            "go_queue": lambda: self.queue_view.setFocus(),
            "go_conversation": lambda: self.conversation.setFocus(),
            "go_followups": lambda: self.followups_view.setFocus(),
            "help": self.show_shortcuts,
            "palette": self.show_palette,
            "refresh": self._refresh_all,
            "setup": self.show_setup,
        }

    def _keys(self) -> None:
        """Bind every shortcut of the table (triage keys only where triage happens)."""
        self.key_bindings = KeyBindings(
            self, (self.queue_view, self.conversation), self._handlers(), self.settings
        )
        self.bound = self.key_bindings.bound  # action → key, as bound now
        self._name_keys()

    def rebind(self) -> None:
        """The CM changed a key in the list (?): bind the keys the settings hold now."""
        self.key_bindings.rebind()
        self._name_keys()

    def _name_keys(self) -> None:
        """Texts that name a key name the one bound now."""
        self.conversation.set_save_key(spoken(self.bound["attachment"]))
        self.sync.refresh_key = spoken(self.bound["refresh"])

    def show_shortcuts(self) -> None:
        """?: every shortcut as bound now, and the place to change one."""
        dialog = ShortcutEditor(self, self.settings, self.rebind)
        dialog.finished.connect(focus_keeper(self))  # where the CM was, to try the new key
        self.shortcut_list = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.query.setFocus()

    def show_palette(self) -> None:
        """Ctrl+K: any action by name."""
        handlers = self._handlers()
        dialog = CommandPalette(
            self,
            [
                (title(sc), self.bound[sc.action], handlers[sc.action])
                for sc in SHORTCUTS
                if sc.action != "palette"
            ],
        )
        self.command_palette = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.query.setFocus()

    # -- search

    def say(self, text: str) -> None:
        """A status-bar message, bidi-isolated: English reads left to right even when the
        UI runs right to left, Arabic right to left in a left-to-right UI."""
        self.statusBar().showMessage("\u2068" + text + "\u2069")

    def current_row(self) -> QueueRow | None:
        """The queue item the actions apply to."""
        return self.queue_model.row_at(self.queue_view.currentIndex().row())

    def step_queue(self, step: int) -> None:
        """Next (j) or previous (k) item of the queue, from wherever the focus is."""
        count = self.queue_model.rowCount()
        if not count:
            return
        current = self.queue_view.currentIndex().row()
        row = min(count - 1, max(0, (current if current >= 0 else -step) + step))
        index = self.queue_model.index(row)
        self.queue_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.queue_view.scrollTo(index)

    # -- loading

    def _owners(self, owners: list[str]) -> None:
        """Keep the owner filter's choices in step with who owes something."""
        have = [self.owner_box.itemData(i) for i in range(1, self.owner_box.count())]
        if have == owners:
            return
        chosen = self.owner_box.currentData()
        self.owner_box.blockSignals(True)
        while self.owner_box.count() > 1:
            self.owner_box.removeItem(1)
        for owner in owners:
            self.owner_box.addItem(tr("Mine") if owner == "me" else owner, owner)
        found = self.owner_box.findData(chosen)
        self.owner_box.setCurrentIndex(max(0, found))
        self.owner_box.blockSignals(False)

    def show_setup(self) -> None:
        """The first-run setup: a mail account and feeds, checked before they are saved."""
        dialog = FirstRunDialog(self)
        store = self.store
        dialog.requested.connect(
            lambda request: self.net.submit("setup", lambda: run_setup(store, request))
        )
        self.setup_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.address.setFocus()

    def _on_net(self, tag: str, result: object) -> None:
        if tag == "setup":
            outcome = cast(SetupResult, result)
            self.setup_dialog.show_result(outcome)
            if outcome.ok and not self.demo:
                self.sync.sync_now()
                self.feeds.refresh_now()
            self.refresh()

    def arrived(self) -> None:
        """New mail or mentions: reload, and announce what rules marked urgent."""
        self.refresh()
        store, since = self.store, self._checked_since
        self._checked_since = datetime.now(UTC)

        def load() -> list[QueueRow]:
            with store.engine.connect() as conn:
                return urgent_since(conn, since)

        self.loader.submit("urgent", load)

    def _refresh_all(self) -> None:
        self.refresh()
        if self.demo:
            self.sync_label.setText(tr("Demo workspace: mail and feeds stay offline"))
            return
        self.sync.sync_now()
        self.feeds.refresh_now()

    def current_view(self) -> View:
        data = str(self.view_box.currentData() or View.NEEDS_REPLY.value)
        return View(data) if data in View._value2member_map_ else View.ALL

    def current_saved(self) -> str | None:
        """The query of the chosen saved search (None for a built-in view)."""
        data = str(self.view_box.currentData() or "")
        return data[len("saved:") :] if data.startswith("saved:") else None

    def refresh(self) -> None:
        """Reload the queue view and the follow-ups in the database workers."""
        self.load_view()
        self.after_first_rows(self._load_panes)

    def _load_panes(self) -> None:
        store = self.store

        def load() -> tuple[list[WaitingRow], list[PromiseRow]]:
            from cm_desk.store.queries import followups, still_waiting

            now = datetime.now(UTC)
            with store.engine.connect() as conn:
                return still_waiting(conn, now), followups(conn, now)

        self.loader.submit("panes", load)

    def _reading(self) -> AbstractContextManager[Any]:
        """Worker side: a connection for the plain-SQL reads of what is on screen."""
        return self._plain.lite() if self._plain is not None else self.store.read()

    def load_view(self) -> None:
        saved = self.current_saved()
        if saved is not None:
            self.search.run(saved)
            return
        view = self.current_view()

        reading = self._reading

        def load() -> tuple[list[int], list[Any]]:
            from cm_desk.store.rule_apply import active_matchers

            with reading() as conn:
                return view_ids(conn, view, datetime.now(UTC)), [
                    m for _, m in active_matchers(conn)
                ]

        self.reads.submit("view", load)

    def _load_page(self, generation: int, ids: list[int]) -> None:
        reading = self._reading

        def load() -> tuple[int, dict[int, Any]]:
            with reading() as conn:
                return generation, rows(conn, ids)

        self.reads.submit("page", load)

    def open_current(self, *, user: bool = True) -> None:
        """Show the thread of the selected queue item (again only when it changed).

        A reload moving the selection (``user=False``) never replaces a thread the
        CM opened from the follow-ups; the CM moving in the queue does.
        """
        if self._pinned and not user:
            return
        self._pinned = False
        if user:
            self._moved()
        row = self.queue_model.row_at(self.queue_view.currentIndex().row())
        item_id = self.queue_view.currentIndex().data(QueueModel.ItemIdRole)
        if item_id is not None:
            self.settings.setValue("queue/last_item", int(item_id))
        self._open_pending = row is None  # its page is on the way: open it when it lands
        if row is None:
            return
        if row.id == self._thread_item and not self._reload_thread:
            return
        self._thread_item, self._reload_thread = row.id, False
        self._load_thread(row.conversation_id, row.id)

    def _load_thread(self, conversation: int, item_id: int | None = None) -> None:
        """Read a thread, its inline images and its person's card in the reading worker."""
        reading = self._reading

        def load() -> tuple[Any, dict[str, bytes], Any, frozenset[str]]:
            with reading() as conn:
                thread = load_thread(conn, conversation)
                person = person_in_thread(conn, conversation, item_id)
                card = person_card(conn, person) if person is not None else None
                senders = {e.address for e in thread.entries if e.address} if thread else set()
                allowed = frozenset(images_allowed(conn, senders))
                return thread, inline_images(conn, thread), card, allowed

        self.reads.submit("thread", load)

    def _on_loaded(self, tag: str, result: object) -> None:
        if tag == "view":
            ids, matchers = cast(tuple[list[int], list[Any]], result)
            self.queue_delegate.matchers = matchers
            self.conversation.matchers = matchers
            keep = self.settings.value("queue/last_item")
            self.queue_model.set_ids(ids)
            if ids:
                if self._keep_row >= 0:  # after an action: the item that took its place
                    start = min(self._keep_row, len(ids) - 1)
                elif keep is not None and int(str(keep)) in ids:
                    start = ids.index(int(str(keep)))
                else:
                    start = 0
                self._restoring = True
                try:
                    self.queue_view.setCurrentIndex(self.queue_model.index(start))
                finally:
                    self._restoring = False
            else:
                self._rows_shown()
            self._keep_row = -1
        elif tag == "action":
            self.changed(human(result))
        elif tag == "page":
            generation, found = cast(tuple[int, dict[int, Any]], result)
            self.queue_model.add_rows(generation, found)
            if self._open_pending:
                self.open_current(user=False)
            self._rows_shown()
        elif tag == "needs_setup":
            if result:
                self.show_setup()
        elif tag == "urgent":
            self.notifier.urgent(cast(list[QueueRow], result))
        elif tag == "colleagues":
            row, people = cast(tuple[QueueRow, list[Any]], result)
            self._open_escalation(row, people)
        elif tag == "templates":
            row, with_promise, templates = cast(tuple[QueueRow, bool, list[Any]], result)
            self.composer.open_for(row, templates, with_promise=with_promise)
        elif tag == "mail_to":
            row, address, templates = cast(tuple[QueueRow, Any, list[Any]], result)
            if address is None:
                self.say(
                    tr(
                        "{name}'s e-mail address is not known: reach out where they posted ({open}), or merge them with the person who has it ({key})"  # noqa: E501 - one line for the extractor
                    ).format(
                        name=row.sender,
                        open=spoken(self.bound["open_original"]),
                        key=spoken(self.bound["merge_person"]),
                    )
                )
            else:
                self.composer.open_mail(row, address, templates)
        elif tag == "thread":
            thread, images, card, allowed = cast(
                tuple[Any, dict[str, bytes], Any, frozenset[str]], result
            )
            self.conversation.show_thread(thread, images, allowed)
            self.person.show_card(card)
            self.links.fetch_trusted_images()
        elif tag == "panes":
            self._show_panes(result)

    def changed(self, what: str) -> None:
        """A write went through: say what it did, then reload the queue, the thread
        and the person beside it, the selection kept where it was."""
        self._reload_thread = True
        self.say(what)
        self._keep_row = self.queue_view.currentIndex().row()
        self.refresh()

    def _show_panes(self, result: object) -> None:
        waiting, promises = cast(tuple[list[WaitingRow], list[PromiseRow]], result)
        self.followups.show_promises(promises, datetime.now(UTC))
        overdue = sum(1 for p in promises if p.overdue)
        people = tr("{n} person waiting") if len(waiting) == 1 else tr("{n} people waiting")
        owed = tr("{n} open promise") if len(promises) == 1 else tr("{n} open promises")
        self.say(
            " · ".join(
                (
                    people.format(n=len(waiting)),
                    owed.format(n=len(promises)),
                    tr("{n} overdue").format(n=overdue),
                )
            )
        )

    def start_reply(self, *, with_promise: bool) -> None:
        """r / p: the composer, with the templates in the conversation's language."""
        row = self.current_row()
        if row is None:
            return
        store, language = self.store, row.language or "en"

        def load() -> tuple[QueueRow, bool, list[Any]]:
            from cm_desk.triage.templates import templates_for

            with store.engine.connect() as conn:
                return row, with_promise, templates_for(conn, language)

        self.loader.submit("templates", load)

    def start_mail_to_author(self) -> None:
        """m: write to a mention's author by mail, when their address is known."""
        row = self.current_row()
        if row is None:
            return
        if row.kind != "mention":
            self.say(
                tr("{mail} writes to the author of a mention; {reply} replies to mail").format(
                    mail=spoken(self.bound["mail_author"]), reply=spoken(self.bound["reply"])
                )
            )
            return
        store, language = self.store, row.language or "en"

        def load() -> tuple[QueueRow, Any, list[Any]]:
            from cm_desk.store.person import mail_address
            from cm_desk.triage.templates import templates_for

            with store.engine.connect() as conn:
                return row, mail_address(conn, row.id), templates_for(conn, language)

        self.loader.submit("mail_to", load)

    def start_escalation(self) -> None:
        """x: choose a colleague; they get the mail, the customer hears, a promise tracks it."""
        row = self.current_row()
        if row is None:
            return
        store = self.store

        def load() -> tuple[QueueRow, list[Any]]:
            from cm_desk.triage.escalation import colleagues

            return row, colleagues(store)

        self.loader.submit("colleagues", load)

    def _open_escalation(self, row: QueueRow, colleagues: list[Any]) -> None:
        if not colleagues:
            self.say(
                tr("No colleagues yet: add one with {command}").format(
                    command="'cm-desk colleague add NAME --email ADDRESS --team TEAM'"
                )
            )
            return
        dialog = EscalateDialog(self, row, colleagues)
        restore_focus = focus_keeper(self)

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and not self.triage.escalate(dialog.request()):
                return
            restore_focus()

        dialog.finished.connect(done)
        self.escalation_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.colleague.setFocus()

    def _send_reply(self, draft: Any) -> None:
        if self.triage.reply(draft):
            self.composer.close_draft()

    def _on_promise_action(self, promise_id: int, action: str) -> None:
        if action in ("kept", "broken"):
            self.triage.settle(promise_id, action)
        elif action == "reschedule":
            self.triage.reschedule(promise_id)
        else:  # open its conversation
            promise = self.followups.promises.get(promise_id)
            if promise is None:
                return
            # The CM chose this thread: a queue reload in flight must not replace it.
            self._pinned = True
            self._thread_item = None
            self._reload_thread = self._open_pending = False
            self._load_thread(promise.conversation_id)
            self.conversation.setFocus()

    def _on_failed(self, tag: str, error: object) -> None:
        from cm_desk.store.query_lang import QueryError

        if tag in ("view", "page"):
            self._release_held()
        if tag == "search" and isinstance(error, QueryError):
            self.say(tr("Cannot search for that: {error}").format(error=human(error)))
            return
        log.error("%s failed", tag, exc_info=error if isinstance(error, BaseException) else None)
        if tag in ("action", "saved", MERGE):
            self.say(tr("That did not work: {error}").format(error=human(error)))
        else:
            self.say(tr("Could not load the workspace: {error}").format(error=human(error)))

    # -- layout kept between launches

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        side = self.settings.value("window/side")
        if side is not None:
            self.side.restoreState(side)
        view = self.settings.value("queue/view")
        found = self.view_box.findData(view) if view is not None else -1
        if found >= 0:
            self.view_box.blockSignals(True)
            self.view_box.setCurrentIndex(found)
            self.view_box.blockSignals(False)

    def closeEvent(self, event: object) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/side", self.side.saveState())
        self.settings.setValue("queue/view", str(self.view_box.currentData() or ""))
        self.sync.stop()
        self.feeds.stop()
        self.loader.wait(3000)
        self.reads.wait(3000)
        self.net.wait(3000)
        super().closeEvent(event)  # type: ignore[arg-type]

"""First run without the command line: a mail account and a few feeds, checked before saved.

The logins are tried on a network worker (never the UI thread), the password
goes to the system keyring only, and every refusal — a missing host, a wrong
password, no keyring — comes back as a sentence in the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cm_desk.ui.i18n import human, tr

if TYPE_CHECKING:
    from cm_desk.store.engine import Store


@dataclass(frozen=True)
class SetupRequest:
    """What the CM filled in."""

    name: str
    address: str
    user: str
    imap: str
    smtp: str
    security: str
    password: str = field(repr=False)
    feeds: tuple[str, ...]
    save_unchecked: bool  # keep the account even when the servers cannot be reached now

    def wants_mail(self) -> bool:
        return bool(self.address or self.imap or self.smtp)


@dataclass(frozen=True)
class SetupResult:
    """What happened, for the dialog to show."""

    ok: bool
    lines: tuple[str, ...]


def run_setup(store: Store, request: SetupRequest) -> SetupResult:
    """Network worker: check the logins, store the account and the feeds."""
    from cm_desk import secrets
    from cm_desk.feeds.sources import SourceError, add_source
    from cm_desk.mail.accounts import (
        AccountError,
        AccountSpec,
        add_account,
        check_logins,
        servers,
    )

    lines: list[str] = []
    ok = True
    if request.wants_mail():
        spec = AccountSpec(
            name=request.name or "mail",
            user=request.user or request.address,
            imap=request.imap,
            smtp=request.smtp,
            security=request.security,
            address=request.address,
        )
        try:
            where = servers(spec, tr("the IMAP server"), tr("the SMTP server"))
            problems = check_logins(spec, request.password, where)
            if problems and not request.save_unchecked:
                return SetupResult(False, tuple(human(p) for p in problems))
            add_account(store, spec, request.password, where)
            lines.append(
                tr("Mail account {name} saved; its password is in the keyring.").format(
                    name=repr(spec.name)
                )
            )
            lines += [tr("(not checked) {problem}").format(problem=human(p)) for p in problems]
        except (AccountError, secrets.SecretsError) as exc:
            return SetupResult(False, (human(exc),))
    for url in request.feeds:
        try:
            view = add_source(store, url)
            lines.append(
                tr("Monitoring {name} ({preset}).").format(name=view.name, preset=view.preset)
            )
        except SourceError as exc:
            lines.append(human(exc))
            ok = False
    return SetupResult(ok, tuple(lines) or (tr("Nothing to set up."),))


class FirstRunDialog(QDialog):
    """Non-blocking (``open()``); ``requested`` fires on Ctrl+Enter / Save."""

    requested = Signal(object)  # SetupRequest

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Set up cm-desk"))
        self.name = QLineEdit("work")
        self.address = QLineEdit()
        self.address.setPlaceholderText("you@community.example")
        self.user = QLineEdit()
        self.user.setPlaceholderText(tr("usually your address"))
        server = tr("{host} (port {port} unless you add :PORT)")
        self.imap = QLineEdit()
        self.imap.setPlaceholderText(server.format(host="imap.example.org", port=993))
        self.smtp = QLineEdit()
        self.smtp.setPlaceholderText(server.format(host="smtp.example.org", port=465))
        self.security = QComboBox()
        self.security.addItem(tr("TLS (recommended)"), "tls")
        self.security.addItem("STARTTLS", "starttls")
        self.security.addItem(tr("none (this machine only)"), "none")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.unchecked = QCheckBox(tr("Save even if the servers cannot be reached &now"))
        self.feeds = QPlainTextEdit()
        self.feeds.setTabChangesFocus(True)
        examples = (
            "https://www.reddit.com/r/NAME/.rss",
            "https://hnrss.org/newest?q=BRAND",
            "https://mastodon.example/tags/BRAND.rss",
        )
        self.feeds.setPlaceholderText(
            tr("One address per line: Google Alerts RSS, {examples}, a blog's /feed").format(
                examples=", ".join(examples)
            )
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        rows: tuple[tuple[str, QWidget], ...] = (
            (tr("Account &name:"), self.name),
            (tr("E-mail &address:"), self.address),
            (tr("&User name:"), self.user),
            (tr("&IMAP server:"), self.imap),
            (tr("&SMTP server:"), self.smtp),
            (tr("Se&curity:"), self.security),
            (tr("&Password:"), self.password),
        )
        for caption, widget in rows:
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow(self.unchecked)
        feeds_label = QLabel(tr("&Feeds and alerts to monitor:"))
        feeds_label.setBuddy(self.feeds)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Skip for now"))
        buttons.accepted.connect(self._request)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<b>Your mail</b> (leave empty to add it later)")))
        layout.addLayout(form)
        layout.addWidget(feeds_label)
        layout.addWidget(self.feeds)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._request)
        self.address.textChanged.connect(
            lambda text: self.user.setPlaceholderText(text or tr("usually your address"))
        )
        self.resize(560, 560)

    def _request(self) -> None:
        self.message.setText(tr("Checking…"))
        self.requested.emit(
            SetupRequest(
                name=self.name.text().strip(),
                address=self.address.text().strip(),
                user=self.user.text().strip(),
                imap=self.imap.text().strip(),
                smtp=self.smtp.text().strip(),
                security=str(self.security.currentData()),
                password=self.password.text(),
                feeds=tuple(u.strip() for u in self.feeds.toPlainText().splitlines() if u.strip()),
                save_unchecked=self.unchecked.isChecked(),
            )
        )

    def show_result(self, result: SetupResult) -> None:
        """The outcome; a full success closes the dialog."""
        text = "\n".join(result.lines)
        self.message.setText(text)
        self.message.setStyleSheet("" if result.ok else "color: #c0392b")
        if result.ok:
            self.password.clear()
            self.accept()
        else:
            self.message.setAlignment(Qt.AlignmentFlag.AlignLeft)

"""The person beside the conversation: how to reach them, everything they said on
every channel, and what we still owe them."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser

from cm_desk.domain.html_safe import neutralise_bidi
from cm_desk.store.person import PersonCard
from cm_desk.ui.dates import day
from cm_desk.ui.i18n import age as short_age
from cm_desk.ui.i18n import tr


def _state(answered: bool, triage: str) -> str:
    """What became of something they said, if anything did."""
    if answered:
        return tr("answered")
    return {"done": tr("done"), "spam": tr("spam"), "abuse": tr("abusive")}.get(triage, "")


def _by(due: datetime) -> str:
    return html.escape(tr("(by {date})").format(date=day(due)))


def render_card(card: PersonCard, now: datetime) -> str:
    """The card as HTML (every value escaped, each line in its own direction)."""
    name = html.escape(neutralise_bidi(card.name) or tr("(no name)"))
    parts = [f"<h3>\u2068{name}\u2069</h3>"]
    if card.identities:
        parts.append(
            "<p><small>"
            + "<br>".join(
                f"{html.escape(net)}: \u2068{html.escape(neutralise_bidi(value))}\u2069"
                for net, value in card.identities
            )
            + "</small></p>"
        )
    if card.open_promises:
        parts.append(
            f"<p><b>{html.escape(tr('We owe them'))}</b><br>"
            + "<br>".join(
                html.escape(what) + (f" <small>{_by(due)}</small>" if due else "")
                for what, due in card.open_promises
            )
            + "</p>"
        )
    shown = len(card.history)
    more = ""
    if card.items_total > shown:
        latest = tr("(latest {shown} of {total})").format(shown=shown, total=card.items_total)
        more = " " + html.escape(latest)
    # Lines, not a table: Qt lays a table out several times slower, on every
    # keystroke to the next conversation.
    lines = []
    for s in card.history:
        age = short_age(max(0, int((now - s.when).total_seconds())))
        state = html.escape(_state(s.answered, s.triage))
        lines.append(
            f"<small>{html.escape(age)} {html.escape(s.channel)}</small> "
            f"\u2068{html.escape(neutralise_bidi(s.subject))}\u2069"
            + (f" <small>· {state}</small>" if state else "")
        )
    parts.append(f"<p><b>{html.escape(tr('History'))}{more}</b><br>" + "<br>".join(lines) + "</p>")
    return "".join(parts)


class PersonPanel(QTextBrowser):
    """A read-only card; it loads nothing on its own either."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.card: PersonCard | None = None
        self._shown = ""
        self.setPlaceholderText(tr("Who the conversation is with."))

    def show_card(self, card: PersonCard | None) -> None:
        self.card = card
        if card is None:
            self._shown = ""
            self.clear()
            return
        text = render_card(card, datetime.now(UTC))
        if text != self._shown:  # the next item is often the same person's
            self._shown = text
            self.setHtml(text)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return None

"""How one queue row is painted: who and when, then what, with keywords marked and badges."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from cm_desk.domain.keywords import Matcher, highlight_spans
from cm_desk.domain.text import mostly_rtl
from cm_desk.store.queue import QueueRow
from cm_desk.ui.dates import weekday
from cm_desk.ui.i18n import age as short_age
from cm_desk.ui.i18n import tr
from cm_desk.ui.models.queue_model import QueueModel

CHANNELS = {
    "mail": "@",
    "reddit": "R",
    "hackernews": "HN",
    "mastodon": "M",
    "google_alerts": "G",
    "blog": "B",
    "rss": "F",
}
MARK = QColor("#ffe58a")


def badges(row: QueueRow, now: datetime) -> list[tuple[str, str]]:
    """(text, colour) of the state badges a row carries, in reading order."""
    out: list[tuple[str, str]] = []
    if row.priority:
        out.append(("!" * row.priority, "#c0392b"))
    if row.triage in ("spam", "abuse"):
        out.append((tr("spam") if row.triage == "spam" else tr("abuse"), "#7f8c8d"))
    if row.escalated:
        out.append((tr("escalated"), "#8e44ad"))
    if row.promise_due is not None:
        overdue = row.promise_due < now
        when = weekday(row.promise_due)
        label = tr("overdue") if overdue else tr("due {day}").format(day=when)
        out.append((label, "#c0392b" if overdue else "#d68910"))
    if row.answered:
        out.append((tr("answered"), "#27ae60"))
    return out


class QueueDelegate(QStyledItemDelegate):
    """Two lines per row; uniform height, so 50,000 rows scroll at once."""

    def __init__(self) -> None:
        super().__init__()
        self.matchers: list[Matcher] = []

    @staticmethod
    def row_height(font: QFont) -> int:
        """Two lines of ``font`` and the padding around them."""
        return 2 * QFontMetrics(font).height() + 12

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(200, self.row_height(option.font))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        rect: QRect = option.rect
        painter.save()
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        row = index.data(QueueModel.RowRole)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        inner = rect.adjusted(8, 6, -8, -6)
        painter.setPen(text_color)
        if not isinstance(row, QueueRow):
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft, "…")
            painter.restore()
            return
        now = datetime.now(UTC)
        # An Arabic item is laid out right to left as a whole (chip and name on
        # the right, age and badges on the left), whatever the UI direction; the
        # geometry below is absolute, so a right-to-left UI does not flip it again.
        rtl_row = mostly_rtl(row.subject or row.sender)
        painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

        # Line 1: channel, sender (bold while unread), age at the far end.
        chip = CHANNELS.get(row.channel, "F")
        chip_w = metrics.horizontalAdvance(chip) + 8
        chip_rect = QRect(inner.left(), inner.top(), chip_w, line)
        if rtl_row:
            chip_rect.moveRight(inner.right())
        painter.setPen(QColor("#2471a3"))
        painter.drawRoundedRect(chip_rect.adjusted(0, 1, -1, -1), 3, 3)
        painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip)
        painter.setPen(text_color)
        age = short_age(max(0, int((now - row.date).total_seconds())))
        age_w = metrics.horizontalAdvance(age) + 4
        head = (
            inner.adjusted(chip_w + 6, 0, -age_w, 0)
            if not rtl_row
            else inner.adjusted(age_w, 0, -chip_w - 6, 0)
        )
        head.setHeight(line)
        bold = QFont(font)
        bold.setBold(not row.seen)
        painter.setFont(bold)
        sender_align = (
            Qt.AlignmentFlag.AlignRight if rtl_row else Qt.AlignmentFlag.AlignLeft
        ) | Qt.AlignmentFlag.AlignAbsolute
        painter.drawText(
            head,
            int(sender_align | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(bold).elidedText(
                row.sender or tr("(no sender)"), Qt.TextElideMode.ElideRight, head.width()
            ),
        )
        painter.setFont(font)
        age_rect = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.drawText(
            age_rect,
            int(
                (Qt.AlignmentFlag.AlignLeft if rtl_row else Qt.AlignmentFlag.AlignRight)
                | Qt.AlignmentFlag.AlignAbsolute
                | Qt.AlignmentFlag.AlignVCenter
            ),
            age,
        )

        # Line 2: badges at the far end, the subject with its keywords marked.
        x_end = inner.right() if not rtl_row else inner.left()
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        top = inner.top() + line + 2
        for text, color in badges(row, now):
            w = small_metrics.horizontalAdvance(text) + 10
            box = QRect(x_end - w if not rtl_row else x_end, top + 1, w, line - 2)
            painter.setPen(QColor(color))
            painter.drawRoundedRect(box, 4, 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            x_end = x_end - w - 4 if not rtl_row else x_end + w + 4
        painter.setFont(font)
        painter.setPen(text_color)
        subject_rect = QRect(
            inner.left(),
            top,
            (x_end - inner.left()) if not rtl_row else (inner.right() - x_end),
            line,
        )
        if rtl_row:
            subject_rect.moveLeft(x_end)
        self._subject(painter, subject_rect, row.subject, font, text_color)
        painter.restore()

    def _subject(
        self, painter: QPainter, rect: QRect, text: str, font: QFont, color: QColor
    ) -> None:
        """The subject, elided, right-to-left when it is, keywords on a marker background."""
        metrics = QFontMetrics(font)
        shown = metrics.elidedText(
            " ".join(text.split()), Qt.TextElideMode.ElideRight, max(0, rect.width())
        )
        layout = QTextLayout(shown, font)
        option = QTextOption()
        rtl = mostly_rtl(shown)
        option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        option.setAlignment(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignAbsolute
        )
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        layout.setTextOption(option)
        ranges = []
        for start, end in highlight_spans(self.matchers, shown):
            fmt = QTextCharFormat()
            fmt.setBackground(MARK)
            fmt.setForeground(QColor("#000000"))
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = start, end - start, fmt
            ranges.append(r)
        layout.setFormats(ranges)
        layout.beginLayout()
        text_line = layout.createLine()
        text_line.setLineWidth(max(0, rect.width()))
        layout.endLayout()
        painter.setPen(color)
        layout.draw(painter, QPointF(rect.left(), rect.top()))

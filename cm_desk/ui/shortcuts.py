"""Every keyboard shortcut in one place: its action, default key and title.

The window binds them from here (:mod:`cm_desk.ui.key_bindings`), ``?`` lists
them and changes a key (:mod:`cm_desk.ui.shortcut_editor`, which refuses what
:mod:`cm_desk.ui.key_rules` forbids), and the command palette (Ctrl+K) searches
them here. A key the CM chose is kept in the settings as
``shortcuts/<action>=<key>`` (e.g. ``shortcuts/done=D``); a key back at its
default is no longer stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSettings


@dataclass(frozen=True)
class Shortcut:
    """One action the keyboard reaches."""

    action: str
    key: str  # QKeySequence text: "J", "G, Q", "Ctrl+K"
    title: str
    triage: bool = True  # bound in the queue and conversation (not while typing elsewhere)


def _t(text: str) -> str:
    return QCoreApplication.translate("shortcuts", text)


SHORTCUTS = (
    Shortcut("next", "J", "Next item"),
    Shortcut("previous", "K", "Previous item"),
    Shortcut("open", "Return", "Open the item (focus the conversation)"),
    Shortcut("reply", "R", "Reply (a mention: log how you reached out)"),
    Shortcut("reply_promise", "P", "Reply and promise"),
    Shortcut("done", "E", "Mark done"),
    Shortcut("escalate", "X", "Escalate to a colleague"),
    Shortcut("spam", "!", "Spam or abusive"),
    Shortcut("tag", "T", "Tag"),
    Shortcut("note", "N", "Internal note"),
    Shortcut("snooze", "Z", "Snooze until…"),
    Shortcut("search", "/", "Search"),
    Shortcut("open_original", "O", "Open a mention's post in the browser"),
    Shortcut("copy_link", "Y", "Copy a mention's link"),
    Shortcut("mail_author", "M", "Write to a mention's author by mail (address known)"),
    Shortcut("attachment", "A", "Save an attachment"),
    Shortcut("images", "I", "Load images from this sender (now and from now on)"),
    Shortcut("merge_person", "L", "Merge this person with… (link an address and a handle)"),
    Shortcut("go_queue", "G, Q", "Go to the queue", triage=False),
    Shortcut("go_conversation", "G, C", "Go to the conversation", triage=False),
    Shortcut("go_followups", "G, F", "Go to the follow-ups", triage=False),
    Shortcut("help", "?", "Show all shortcuts", triage=False),
    Shortcut("palette", "Ctrl+K", "Command palette: any action by name", triage=False),
    Shortcut("refresh", "F5", "Check mail and feeds now", triage=False),
    Shortcut("setup", "Ctrl+Shift+A", "Set up a mail account and feeds…", triage=False),
)


def key_for(shortcut: Shortcut, settings: QSettings) -> str:
    """The key the CM chose for ``shortcut`` in the settings, else its default."""
    chosen = settings.value(f"shortcuts/{shortcut.action}")
    return str(chosen) if chosen else shortcut.key


def save_key(shortcut: Shortcut, key: str, settings: QSettings) -> None:
    """Keep ``key`` for ``shortcut``; its default is kept by storing nothing."""
    if key == shortcut.key:
        settings.remove(f"shortcuts/{shortcut.action}")
    else:
        settings.setValue(f"shortcuts/{shortcut.action}", key)


def spoken(key: str) -> str:
    """A key as a sentence names it: the letter the CM presses ("e", not "E")."""
    return key.lower() if len(key) == 1 else key


def title(shortcut: Shortcut) -> str:
    """The shortcut's title in the UI language."""
    return _t(shortcut.title)

"""Canned replies: one template in several languages, fields filled in on use.

A template is known by its name; each language has its own text. The
composer offers every name once, in the conversation's language when the
template has it (else English, else whatever exists). Fields: ``{first}``
(also ``{first_name}``), ``{name}``, ``{subject}``, ``{owner}``, ``{team}``,
``{due}``; a field the situation cannot fill stays visible for the CM to edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cm_desk.store.sql import Sql


@dataclass(frozen=True)
class Template:
    """One template in one language."""

    name: str
    language: str
    subject: str
    body: str


def templates_for(conn: object, language: str) -> list[Template]:
    """Each template once, in ``language`` when it has it; sorted by name.

    Plain SQL on any connection :class:`Sql` takes: the composer imports this
    module, and the app's window opens before SQLAlchemy is loaded.
    """
    rows = Sql.of(conn).rows("SELECT name, language, subject, body FROM reply_templates")
    best: dict[str, Template] = {}
    rank = {language: 0, "en": 1}
    for name, lang, subject, body in rows:
        t = Template(name, lang, subject, body)
        held = best.get(t.name)
        if held is None or rank.get(t.language, 2) < rank.get(held.language, 2):
            best[t.name] = t
    return sorted(best.values(), key=lambda t: t.name.casefold())


_FIELD = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, fields: dict[str, str]) -> str:
    """``text`` with the known fields filled in; anything else in braces stays as written."""
    values = {k: v for k, v in fields.items() if v}
    if "first" in values:
        values.setdefault("first_name", values["first"])
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def first_name(display_name: str, address: str = "") -> str:
    """What to call someone: the first word of their name, else of their address."""
    name = display_name.strip().strip('"')
    if "," in name:  # "Jansen, Sam"
        name = name.split(",", 1)[1]
    words = name.split()
    if words:
        return words[0]
    return address.split("@", 1)[0] if address else ""


ACK_NAME = "Escalation acknowledgement"
# Used when the CM has no template of that name in the conversation's language.
ACK_DEFAULT = {
    "en": "Hi {first},\n\nI have forwarded your message to {owner} in {team}, who will take it "
    "from here. I'll keep an eye on it until it is resolved.",
    "nl": "Hoi {first},\n\nIk heb je bericht doorgestuurd naar {owner} van {team}, die het vanaf "
    "hier oppakt. Ik houd het in de gaten tot het is opgelost.",
    "ar": "مرحباً {first}،\n\nأحلت رسالتك إلى {owner} في فريق {team}، وسيتولى متابعتها من الآن. "
    "سأتابع الأمر حتى يُحل.",
}


def acknowledgement(conn: object, language: str) -> str:
    """The text telling a customer their concern was passed on, in their language."""
    for t in templates_for(conn, language):
        if t.name == ACK_NAME and t.language in (language, "en"):
            return t.body
    return ACK_DEFAULT.get(language, ACK_DEFAULT["en"])


# The subject of a first mail to someone whose public post we saw, in the
# post's language (the customer's, not the UI's).
_ABOUT_POST = {
    "en": "About your post: {title}",
    "nl": "Over je bericht: {title}",
    "ar": "بخصوص منشورك: {title}",
}


def about_post_subject(language: str, title: str) -> str:
    """A subject for writing to a post's author, in the post's language."""
    words = " ".join(title.split())
    if len(words) > 100:
        words = words[:99].rstrip() + "…"
    return _ABOUT_POST.get(language, _ABOUT_POST["en"]).format(title=words)

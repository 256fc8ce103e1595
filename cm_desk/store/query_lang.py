"""The search language, in notmuch's spirit, parsed into a small AST.

    words  "exact phrases"  prefix*  AND  OR  NOT  -word  -field:x  ( … )
    from:  to:  subject:  body:  (also from:(a OR b))  tag:  kind:mail|mention  source:  lang:
    id:  thread:  date:2024-01-01..2024-02-01  is:unanswered|promised|overdue|…
    *      (everything)

Adjacent terms are ANDed. Only upper-case AND/OR/NOT are operators, so a
Dutch "en" or an English "not" in a sentence is just a word. The parser never
fails on odd input: an unbalanced quote runs to the end, a missing ``)`` is
closed, a stray ``)``/``-``/``:`` or a dangling operator is read as text. Only
a value that cannot mean anything (``date:someday``, ``is:purple``) is an
error, with a message that says what would work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cm_desk.domain.sentence import Sentence

TEXT_FIELDS = {
    "from": ("sender",),
    "to": ("recipients",),
    "subject": ("subject",),
    "body": ("body",),
}
PRED_FIELDS = ("tag", "kind", "source", "date", "is", "id", "thread", "lang")
IS_VALUES = (
    "unanswered",
    "answered",
    "promised",
    "overdue",
    "waiting",
    "unread",
    "read",
    "flagged",
    "spam",
    "abuse",
    "new",
    "open",
    "done",
    "inbound",
    "outbound",
    "attachment",
    "escalated",
)


MAX_TOKENS = 200  # words, operators and parentheses; keeps SQLite's expression parser happy


class QueryError(ValueError):
    """A query that cannot be understood; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Text:
    """Full-text term: a word or phrase, optionally limited to some columns."""

    text: str
    columns: tuple[str, ...] = ()
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    """A structured filter such as ``tag:bug`` or ``date:2024-01..2024-02``."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class All:
    """``*``: every item."""


@dataclass(frozen=True, slots=True)
class Not:
    """Negation."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """Conjunction."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Disjunction."""

    children: tuple[Node, ...]


Node = Text | Field | All | Not | And | Or

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<neg>-(?=[^\s)]))  # "-" starting a token negates it: -word -from:x -"a b" -(…)
  | (?P<field>[A-Za-z]+):(?P<fquote>"(?:[^"]|"")*"?)?
  | (?P<quote>"(?:[^"]|"")*"?)
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


def _unquote(token: str) -> str:
    body = token[1:]
    if (body.endswith('"') and not body.endswith('""')) or body == '"':
        body = body[:-1]
    return body.replace('""', '"')


@dataclass(slots=True)
class _Tok:
    kind: str  # word, phrase, field, lparen, rparen, op
    value: str
    field: str = ""


def _lex(query: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None:  # cannot happen with the catch-all word rule, but stay bounded
            break
        pos = m.end()
        kind = m.lastgroup
        if kind == "space":
            continue
        if kind == "fquote":
            kind = "field"
        if kind == "field":
            name = (m.group("field") or "").lower()
            quoted = m.group("fquote")
            if quoted is not None:
                tokens.append(_Tok("phrase", _unquote(quoted), name))
                continue
            value_match = re.compile(r"[^\s()]*").match(query, pos)
            value = value_match.group(0) if value_match else ""
            pos += len(value)
            tokens.append(_Tok("field", value, name))
        elif kind == "neg":
            tokens.append(_Tok("op", "NOT"))
        elif kind == "quote":
            tokens.append(_Tok("phrase", _unquote(m.group(0))))
        elif kind == "word":
            word = m.group(0)
            kind = "op" if word in ("AND", "OR", "NOT") else "word"
            tokens.append(_Tok(kind, word))
        else:
            tokens.append(_Tok(kind or "word", m.group(0)))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                parts.append(node)
            elif self.peek() is not None:
                self.next()  # a stray ")" at top level: skip it
        return _and(parts)

    def or_expr(self) -> Node | None:
        left = self.and_expr()
        alts = [left] if left is not None else []
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.value == "OR":
            self.next()
            right = self.and_expr()
            if right is not None:
                alts.append(right)
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else Or(tuple(alts))

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "rparen" or (tok.kind == "op" and tok.value == "OR"):
                break
            if tok.kind == "op" and tok.value == "AND":
                self.next()
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return _and(parts)

    def unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        negations = 0
        while tok is not None and tok.kind == "op" and tok.value == "NOT":
            # A loop, not recursion: "- - - … a" must not exhaust the stack.
            self.next()
            negations += 1
            tok = self.peek()
        if negations and (tok is None or tok.kind == "rparen"):
            return None  # dangling NOT: nothing to negate (and the ")" still closes)
        child = self.primary()
        if child is None or negations % 2 == 0:
            return child
        return child.child if isinstance(child, Not) else Not(child)

    def primary(self) -> Node | None:
        tok = self.next()
        if tok.kind == "lparen":
            self.depth += 1
            if self.depth > 50:
                raise QueryError(Sentence("the query nests parentheses too deeply"))
            inner = self.or_expr()
            if (close := self.peek()) is not None and close.kind == "rparen":
                self.next()
            self.depth -= 1
            return inner
        if tok.kind == "phrase":
            if tok.field:
                return _field(tok.field, tok.value, phrase=True)
            return Text(tok.value) if tok.value.strip() else None
        if tok.kind == "field":
            if (
                not tok.value
                and tok.field in TEXT_FIELDS
                and (group := self.peek()) is not None
                and group.kind == "lparen"
            ):
                # from:(jan OR piet): every word of the group in those columns
                inner = self.primary()
                return _in_columns(inner, TEXT_FIELDS[tok.field]) if inner else None
            return _field(tok.field, tok.value, phrase=False)
        if tok.kind in ("op", "rparen"):
            return None  # dangling operator: nothing to apply it to
        return _word(tok.value)


def _in_columns(node: Node, columns: tuple[str, ...]) -> Node:
    """``node`` with its unrestricted full-text terms limited to ``columns``."""
    if isinstance(node, Text):
        return node if node.columns else Text(node.text, columns, node.prefix)
    if isinstance(node, Not):
        return Not(_in_columns(node.child, columns))
    if isinstance(node, And):
        return And(tuple(_in_columns(c, columns) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_in_columns(c, columns) for c in node.children))
    return node


def _word(value: str, columns: tuple[str, ...] = ()) -> Node | None:
    if value == "*" and not columns:
        return All()
    prefix = value.endswith("*") and len(value.rstrip("*")) > 0
    text = value.rstrip("*") if prefix else value
    if not any(ch.isalnum() for ch in text):
        return None  # a lone "-", ":" or "…" means nothing to search for
    return Text(text, columns, prefix)


def _field(name: str, value: str, *, phrase: bool) -> Node | None:
    if name in TEXT_FIELDS:
        if not value.strip():
            return None
        if phrase:
            return Text(value, TEXT_FIELDS[name])
        return _word(value, TEXT_FIELDS[name])
    if name in PRED_FIELDS:
        if not value.strip():
            raise QueryError(
                Sentence("{name}: needs a value, e.g. {example}", name=name, example=_example(name))
            )
        value = value.strip()
        if name == "is" and value.lower() not in IS_VALUES:
            raise QueryError(
                Sentence(
                    "is:{value} is not something cm-desk knows; try one of: {known}",
                    value=value,
                    known=", ".join(IS_VALUES),
                )
            )
        if name == "kind" and value.lower() not in ("mail", "mention", "email", "mentions"):
            raise QueryError(
                Sentence("kind:{value} is unknown; use kind:mail or kind:mention", value=value)
            )
        return Field(name, value)
    # Not a field we know (a URL, "re:", "10:30"): read it as plain text.
    text = f"{name}:{value}"
    return Text(text) if phrase else _word(text)


def _example(name: str) -> str:
    return {
        "date": "date:2024-01-01..2024-02-01",
        "tag": "tag:complaint",
        "kind": "kind:mail",
        "is": "is:unanswered",
        "source": "source:reddit",
        "id": "id:<message-id>",
        "thread": "thread:42",
        "lang": "lang:nl",
    }.get(name, f"{name}:value")


def _and(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def parse(query: str) -> Node:
    """Parse a user's query; raises :class:`QueryError` with a readable message."""
    if not query or not query.strip():
        raise QueryError(Sentence("the query is empty; type a word, or * to list everything"))
    if len(query) > 2000:
        raise QueryError(Sentence("the query is too long (2,000 characters at most)"))
    tokens = _lex(query)
    if len(tokens) > MAX_TOKENS:
        raise QueryError(Sentence("the query has too many terms ({n} at most)", n=MAX_TOKENS))
    node = _Parser(tokens).parse()
    if node is None:
        raise QueryError(
            Sentence(
                "nothing to search for in {query}; type a word, or *", query=repr(query.strip())
            )
        )
    return node

"""Sanitised HTML: nothing that runs, loads or disguises itself survives."""

from __future__ import annotations

from cm_desk.domain.html_safe import block_remote_images, neutralise_bidi, sanitize


def test_scripts_handlers_styles_and_frames_are_gone() -> None:
    dirty = (
        '<p onclick="steal()" style="background:url(https://t.example/p.gif)">Hi'
        "<script>alert(1)</script><style>body{background:url(//t.example/x)}</style>"
        '<iframe src="https://evil.example"></iframe><form action="/x"><input></form></p>'
        '<a href="javascript:alert(1)">click</a><a href="https://ok.example/">ok</a>'
    )
    clean = sanitize(dirty)
    for bad in ("script", "onclick", "style", "iframe", "form", "input", "javascript", "url("):
        assert bad not in clean
    assert "Hi" in clean
    assert '<a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a>' in clean


def test_remote_images_are_held_back_for_display_inline_ones_stay() -> None:
    clean = sanitize(
        '<p><img src="https://t.example/pixel.gif" alt="">'
        '<img src="//cdn.example/logo.png" alt="Logo">'
        '<img src="cid:part1@x" alt="chart"></p>'
    )
    shown = block_remote_images(clean)
    assert shown.remote_images == 2
    assert "t.example" not in shown.html and "cdn.example" not in shown.html
    assert "[image]" in shown.html and "[Logo]" in shown.html
    assert 'src="cid:part1@x"' in shown.html


def test_bidi_overrides_are_neutralised_isolates_kept() -> None:
    assert neutralise_bidi("invoice\u202egnp.exe") == "invoicegnp.exe"
    assert neutralise_bidi("\u2067مرحبا\u2069 ok") == "\u2067مرحبا\u2069 ok"
    assert "\u202e" not in sanitize("<p>name\u202eevil</p>")


def test_arabic_and_dutch_text_and_direction_survive() -> None:
    clean = sanitize('<p dir="rtl" lang="ar">شكرا لكم</p><p lang="nl">Ideeën</p>')
    assert clean == '<p dir="rtl" lang="ar">شكرا لكم</p><p lang="nl">Ideeën</p>'

"""The shipped translations are built from their sources, and say what the UI asks."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

from cm_desk.ui.i18n import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]


def test_every_qm_is_built_from_its_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    sources = sorted(TRANSLATIONS.glob("*.ts"))
    assert sources, "no translations shipped"
    for ts in sources:
        built = tmp_path / ts.with_suffix(".qm").name
        subprocess.run(
            [lrelease, str(ts), "-qm", str(built)], check=True, capture_output=True, timeout=60
        )
        assert built.read_bytes() == ts.with_suffix(".qm").read_bytes(), f"rebuild {ts.name}"


def test_the_arabic_translation_covers_every_marked_string() -> None:
    marked = set()
    for path in (ROOT / "cm_desk" / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        marked |= {m.group(1) for m in re.finditer(r'\btr\("((?:[^"\\]|\\.)*)"\)', text)}
        marked |= {m.group(1) for m in re.finditer(r"\btr\('((?:[^'\\]|\\.)*)'\)", text)}
    ts = (TRANSLATIONS / "cm_desk_ar.ts").read_text(encoding="utf-8")
    sources = {
        s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        for s in re.findall(r"<source>(.*?)</source>", ts)
    }
    assert marked - sources == set()


def test_every_sentence_of_the_mail_and_feed_layers_is_translated() -> None:
    """``Sentence("…")`` templates (cm_desk.domain.sentence) are shown through i18n.human."""
    templates = set()
    for path in (ROOT / "cm_desk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Sentence":
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant), f"{path}: Sentence needs a literal template"
                templates.add(first.value)
    assert len(templates) > 50
    ts = (TRANSLATIONS / "cm_desk_ar.ts").read_text(encoding="utf-8")
    sources = {
        s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        for s in re.findall(r"<source>(.*?)</source>", ts, re.S)
    }
    assert templates - sources == set()

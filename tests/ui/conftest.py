"""GUI tests run offscreen; screenshots land in test-artifacts/ for a person to look at.

Every test keeps its window state in its own settings file, and ``demo_store``
is a fresh demo workspace.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cm_desk.demo import build_demo
from cm_desk.store.engine import Store, open_store
from cm_desk.workspace import Workspace
from tests.qt_settings import private_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    private_settings(tmp_path / "cfg")


@pytest.fixture()
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(Workspace(tmp_path / "ws"))
    build_demo(store, now=datetime.now(UTC))
    yield store
    store.close()


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

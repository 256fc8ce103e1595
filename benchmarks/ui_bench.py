"""How fast the window is: start, keystrokes, stalls while syncing, memory (issue 6).

Usage::

    # A workspace with many items, e.g. the one sync_bench.py keeps:
    #   python benchmarks/sync_bench.py BASE 50000 --runs 1 --keep /tmp/ws50
    python benchmarks/ui_bench.py start /tmp/ws50 [--runs 5] [--keys 200]

    # The longest UI-thread stall while a full sync of N messages runs in the
    # background (the Dovecot of ../shared/bench with the N-message corpus):
    #   ../shared/bench/dovecot_up.sh BASE 10000
    python benchmarks/ui_bench.py stall BASE 10000

``start`` runs the app (``cm_desk.ui.app.run``, what ``cm-desk --home WS``
runs) in a fresh process per run and reports, from the moment the process was
spawned: the window's first paint; queue rows painted; *interactive* (rows
painted and a first ``j`` answered with its conversation painted). Then it
presses ``j``/``k`` (mostly ``j``, a ``k`` every fifth) and times each key
until the next conversation is painted (p50/p95/max), and reads the resident
memory after two idle seconds. Keys are real key events through Qt's event
queue, to the shortcuts the CM uses.

``stall`` opens the app on a fresh workspace with the bench account, lets its
background sync fetch the whole mailbox, and runs a 2 ms timer on the UI
thread meanwhile: a stall is a gap between ticks beyond the interval.

By default Qt draws offscreen (QT_QPA_PLATFORM=offscreen); set DISPLAY (e.g.
under Xvfb) to measure a real X server instead. Settings go to a private
directory, never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"


# ---------------------------------------------------------------- the child --
def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _child_start(home: str, spawned: float, keys: int) -> None:
    """Run the app on ``home``, measure, print one JSON line, quit."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from cm_desk.ui import app as app_module
    from cm_desk.ui.main_window import MainWindow
    from cm_desk.workspace import Workspace

    marks: dict[str, float] = {}
    latencies: list[float] = []
    state: dict[str, Any] = {"window": None, "pressed": 0.0, "want": None, "left": keys}

    def mark(name: str) -> None:
        marks.setdefault(name, time.time() - spawned)

    class Painted(QObject):
        def __init__(self, what: str) -> None:
            super().__init__()
            self.what = what

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, lambda: painted(self.what))
            return False

    filters: list[Painted] = []

    def painted(what: str) -> None:
        window = state["window"]
        if what == "window":
            mark("first_paint")
        elif what == "queue" and window.queue_model.row_at(0) is not None:
            if "rows_visible" not in marks:
                mark("rows_visible")
                QTimer.singleShot(0, lambda: press(Qt.Key.Key_J))
        elif what == "conversation":
            shown = window.conversation.shown
            want = state["want"]
            if want is not None and shown is not None and _holds(shown, want):
                state["want"] = None
                took = time.perf_counter() - state["pressed"]
                if "interactive" not in marks:
                    mark("interactive")
                else:
                    latencies.append(took)
                if state["left"] > 0:
                    state["left"] -= 1
                    key = Qt.Key.Key_K if state["left"] % 5 == 0 else Qt.Key.Key_J
                    QTimer.singleShot(0, lambda: press(key))
                else:
                    QTimer.singleShot(2000, finish)

    def press(key: Qt.Key) -> None:
        window = state["window"]
        before = window.queue_view.currentIndex().row()
        state["pressed"] = time.perf_counter()
        QTest.keyClick(window.queue_view, key)
        row = window.queue_view.currentIndex().row()
        target = window.queue_model.row_at(row)
        if row == before:  # the top or bottom of the queue: turn around
            back = Qt.Key.Key_K if key == Qt.Key.Key_J else Qt.Key.Key_J
            QTimer.singleShot(0, lambda: press(back))
            return
        state["want"] = target.id if target is not None else ("row", row)

    def finish() -> None:
        ordered = sorted(latencies)
        result = {
            **{k: round(v, 3) for k, v in marks.items()},
            "keys": len(latencies),
            "key_p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
            "key_p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1)
            if ordered
            else None,
            "key_max_ms": round(1000 * ordered[-1], 1) if ordered else None,
            "idle_rss_mb": round(_rss_mb(), 1),
            "items": state["window"].queue_model.rowCount(),
        }
        print(json.dumps(result), flush=True)
        QApplication.instance().quit()

    original_init = MainWindow.__init__

    def init(self: MainWindow, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        state["window"] = self
        for what, widget in (
            ("window", self),
            ("queue", self.queue_view.viewport()),
            ("conversation", self.conversation.viewport()),
        ):
            f = Painted(what)
            widget.installEventFilter(f)
            filters.append(f)
        self.activateWindow()
        self.queue_view.setFocus()

    MainWindow.__init__ = init  # type: ignore[method-assign]
    QTimer.singleShot(60_000, lambda: _give_up(marks))
    app_module.run(Workspace(Path(home)))


def _give_up(marks: dict[str, float]) -> None:
    print(json.dumps({"error": "timeout", **marks}), flush=True)
    os._exit(3)


def _holds(shown: Any, want: object) -> bool:
    """Does the conversation on screen hold the item the key moved to?"""
    if isinstance(want, tuple):
        return True  # the row's page was not loaded yet when the key was timed
    return any(getattr(e, "item_id", None) == want for e in getattr(shown, "entries", []))


def _child_stall(home: str, seconds: float) -> None:
    """Run the app on ``home`` (an account, nothing synced yet) until its sync
    has fetched everything; print the UI thread's tick gaps."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cm_desk.ui import app as app_module
    from cm_desk.ui.main_window import MainWindow
    from cm_desk.workspace import Workspace

    gaps: list[float] = []
    state: dict[str, Any] = {"last": 0.0, "done": False, "started": 0.0, "window": None}
    interval = 0.002

    worst: list[tuple[float, float]] = []  # (gap, seconds into the sync)

    def tick() -> None:
        now = time.perf_counter()
        if state["last"]:
            gaps.append(now - state["last"])
            if now - state["last"] > 0.03:
                worst.append((now - state["last"], state["last"] - state["started"]))
        state["last"] = now

    def synced(result: object) -> None:
        state["done"] = True
        state["took"] = time.perf_counter() - state["started"]
        QTimer.singleShot(500, finish)

    def finish() -> None:
        ordered = sorted(gaps)
        print(
            json.dumps(
                {
                    "sync_s": round(state.get("took", 0.0), 2),
                    "ticks": len(gaps),
                    "max_stall_ms": round(1000 * (ordered[-1] - interval), 1),
                    "p99_gap_ms": round(1000 * ordered[int(0.99 * (len(ordered) - 1))], 1),
                    "stalls_over_50ms": sum(1 for g in gaps if g - interval > 0.05),
                    "worst_at": [
                        f"{1000 * g:.0f} ms at {t:.2f} s"
                        for g, t in sorted(worst, reverse=True)[:5]
                    ],
                    "items": state["window"].queue_model.rowCount(),
                }
            ),
            flush=True,
        )
        QApplication.instance().quit()

    original_init = MainWindow.__init__
    timer = QTimer()
    timer.setInterval(int(interval * 1000))
    timer.timeout.connect(tick)

    def init(self: MainWindow, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        state["window"] = self
        self.sync.synced.connect(synced)
        state["started"] = time.perf_counter()
        timer.start()

    MainWindow.__init__ = init  # type: ignore[method-assign]
    QTimer.singleShot(int(seconds * 1000), lambda: _give_up({}))
    app_module.run(Workspace(Path(home)))


# --------------------------------------------------------------- the parent --
def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    private = tempfile.mkdtemp(prefix="cm-desk-ui-bench-")
    env["XDG_CONFIG_HOME"] = private  # QSettings: never the user's
    return env


def _run_child(args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args, "--spawned", repr(spawned)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    raise SystemExit(f"the app run failed: {done.stderr.strip()[-2000:]}")


def start(home: Path, runs: int, keys: int) -> None:
    env = _env()
    where = "X " + env["DISPLAY"] if env.get("DISPLAY") else "offscreen"
    print(f"cm-desk window on {home} ({where})")
    for run in range(1, runs + 1):
        r = _run_child(["start", str(home), "--keys", str(keys)], env, timeout=120)
        if "error" in r:
            raise SystemExit(f"run {run}: {r}")
        print(
            f"run {run} items {r['items']}: first paint {r.get('first_paint', 0):.3f} s, "
            f"rows {r.get('rows_visible', 0):.3f} s, interactive {r.get('interactive', 0):.3f} s | "
            f"j/k x{r['keys']}: p50 {r['key_p50_ms']} ms, p95 {r['key_p95_ms']} ms, "
            f"max {r['key_max_ms']} ms | idle RSS {r['idle_rss_mb']} MB"
        )


def stall(base: Path, n: int, port: int) -> None:
    sys.path.insert(0, str(HERE))
    from sync_bench import _in_keyring_session, add_account_args  # as sync_bench does

    _in_keyring_session()
    env = _env()
    home = Path(tempfile.mkdtemp(prefix="cm-desk-ui-stall-"))
    subprocess.run(
        add_account_args(home, port), input="bench", text=True, check=True, capture_output=True
    )
    print(f"cm-desk window while its background sync fetches {base} N={n}")
    r = _run_child(["stall", str(home)], env, timeout=600)
    if "error" in r:
        raise SystemExit(str(r))
    print(
        f"full sync in the app {r['sync_s']} s, {r['items']} rows | UI thread: "
        f"{r['ticks']} ticks of 2 ms, longest stall {r['max_stall_ms']} ms, "
        f"p99 gap {r['p99_gap_ms']} ms, stalls > 50 ms: {r['stalls_over_50ms']}"
        f" (worst: {', '.join(r['worst_at'])})"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        p = argparse.ArgumentParser()
        p.add_argument("--child", choices=("start", "stall"))
        p.add_argument("home")
        p.add_argument("--keys", type=int, default=200)
        p.add_argument("--spawned", type=float, required=True)
        a = p.parse_args()
        if a.child == "start":
            _child_start(a.home, a.spawned, a.keys)
        else:
            _child_stall(a.home, 540)
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("start")
    s.add_argument("home", type=Path)
    s.add_argument("--runs", type=int, default=5)
    s.add_argument("--keys", type=int, default=200)
    t = sub.add_parser("stall")
    t.add_argument("base", type=Path)
    t.add_argument("n", type=int)
    t.add_argument("--port", type=int, default=10143)
    a = p.parse_args()
    if a.mode == "start":
        start(a.home, a.runs, a.keys)
    else:
        stall(a.base, a.n, a.port)


if __name__ == "__main__":
    main()

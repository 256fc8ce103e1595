"""``cm-desk`` without a command: the desktop app (``--demo`` on the demo workspace)."""

from __future__ import annotations

import argparse

from cm_desk.cli.workspace_open import chosen


def run_app(args: argparse.Namespace) -> int:
    """Open the main window on the chosen (or demo) workspace."""
    if args.demo:
        from cm_desk.cli.demo_cmd import demo_workspace, ensure_demo

        ws = demo_workspace(args)
        if not ws.exists():
            ensure_demo(ws, refresh=False)
    else:
        ws = chosen(args)
    from cm_desk.ui.app import run

    return run(ws)

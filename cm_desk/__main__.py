"""``cm-desk``: arguments → a headless command, or the desktop app."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the process exit status.

    A headless command that finished ends the process itself (see
    :func:`cm_desk.cli.main.leave`); the app returns here as usual.
    """
    from cm_desk.cli.main import run

    return run(sys.argv[1:] if argv is None else argv, leave_when_done=True)


if __name__ == "__main__":
    sys.exit(main())

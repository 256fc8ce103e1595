"""Errors a command reports to the user as one line, without a traceback."""

from __future__ import annotations


class CliError(Exception):
    """A known failure: bad input, missing workspace, unreadable Maildir…"""

    exit_code = 1

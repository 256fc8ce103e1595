"""When the app syncs next: a steady interval while it works, back-off when it does not.

Pure logic (no clock, no Qt): the caller says what happened and when, and
asks for the delay until the next try. A network failure backs off
exponentially from ``retry`` up to ``ceiling``, with jitter so that many
clients coming back online do not hit a server in the same second; a
failure that retrying cannot fix (a refused password) waits for the user
instead of hammering the server into locking the account.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cm_desk.mail.connect import ConnectionProblem

NEEDS_USER = frozenset({"auth", "certificate"})


@dataclass
class SyncSchedule:
    """The next-sync decision for one account."""

    interval: float = 120.0  # seconds between syncs while all is well
    retry: float = 15.0  # first retry after a failure
    ceiling: float = 1800.0  # longest wait between retries
    failures: int = 0
    waiting_for_user: bool = False
    last_error: str = ""
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def succeeded(self) -> float:
        """A sync worked: back to the steady interval."""
        self.failures = 0
        self.waiting_for_user = False
        self.last_error = ""
        return self.interval

    def failed(self, problem: ConnectionProblem) -> float | None:
        """A sync failed: seconds until the next try, or None to wait for the user."""
        self.failures += 1
        self.last_error = str(problem)
        if problem.kind in NEEDS_USER:
            self.waiting_for_user = True
            return None
        base = min(self.ceiling, self.retry * float(2 ** (self.failures - 1)))
        return base * self._rng.uniform(0.8, 1.2)

    def user_asked(self) -> float:
        """F5 or a changed password: try now, whatever the back-off said."""
        self.waiting_for_user = False
        return 0.0

"""The app's sync schedule: steady interval, back-off with jitter, pause for the user."""

from __future__ import annotations

import random

from cm_desk.mail.connect import ConnectionProblem
from cm_desk.mail.schedule import SyncSchedule


def test_backoff_grows_to_a_ceiling_and_resets_on_success() -> None:
    s = SyncSchedule(interval=120, retry=10, ceiling=300, _rng=random.Random(1))
    down = ConnectionProblem("refused", "nothing accepts connections")
    delays = [s.failed(down) for _ in range(8)]
    assert all(d is not None for d in delays)
    values = [d for d in delays if d is not None]
    assert 8 <= values[0] <= 12 and 16 <= values[1] <= 24
    assert max(values) <= 300 * 1.2 and values[-1] >= 300 * 0.8
    assert s.succeeded() == 120 and s.failures == 0 and not s.last_error


def test_a_refused_password_waits_for_the_user() -> None:
    s = SyncSchedule()
    assert s.failed(ConnectionProblem("auth", "refused")) is None
    assert s.waiting_for_user
    assert s.user_asked() == 0.0 and not s.waiting_for_user

"""The per-host gate: a slow start, one more request per good answer, half on 429/503."""

from __future__ import annotations

import asyncio

from cm_desk.feeds.fetch import HostGate


def test_a_host_earns_connections_and_loses_half_when_it_is_busy() -> None:
    gate = HostGate(start=4, ceiling=6)
    assert gate.limit == 4
    for code in (200, 304, 404):
        gate.answered(code)
    assert gate.limit == 6  # capped at the ceiling
    gate.answered(500)  # a broken server earns nothing
    gate.answered(None)  # nor does one that never answered
    assert gate.limit == 6
    gate.answered(429)
    assert gate.limit == 3
    gate.answered(503)
    gate.answered(503)
    assert gate.limit == 1  # never below one


def test_no_more_requests_in_flight_than_the_limit() -> None:
    async def run() -> int:
        gate = HostGate(start=2, ceiling=2)
        peak = 0

        async def one() -> None:
            nonlocal peak
            async with gate:
                peak = max(peak, gate.active)
                await asyncio.sleep(0.01)

        await asyncio.wait_for(asyncio.gather(*(one() for _ in range(10))), 5)
        assert gate.active == 0
        return peak

    assert asyncio.run(run()) == 2

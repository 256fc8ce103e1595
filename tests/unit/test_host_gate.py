"""The per-host gate: a slow start, one more request per good answer, half on 429/503,
and new connections opened a few at a time (pure logic)."""

from __future__ import annotations

import asyncio

from cm_desk.feeds.fetch import HostGate


def test_a_host_earns_connections_and_loses_half_when_it_is_busy() -> None:
    gate = HostGate(start=4, ceiling=6)
    assert gate.limit == 4

    def answer(code: int | None) -> None:  # one request, in and out
        opened = asyncio.run(gate.enter())
        gate.leave(opened, code)

    for code in (200, 304, 404):
        answer(code)
    assert gate.limit == 6  # capped at the ceiling
    answer(500)  # a broken server earns nothing
    answer(None)  # nor does one that never answered
    assert gate.limit == 6
    answer(429)
    assert gate.limit == 3
    answer(503)
    answer(503)
    assert gate.limit == 1  # never below one


def test_no_more_requests_in_flight_than_the_limit() -> None:
    async def run() -> int:
        gate = HostGate(start=2, ceiling=2)
        peak = 0

        async def one() -> None:
            nonlocal peak
            opened = await gate.enter()
            peak = max(peak, gate.active)
            await asyncio.sleep(0.01)
            gate.leave(opened, 200)

        await asyncio.wait_for(asyncio.gather(*(one() for _ in range(10))), 5)
        assert gate.active == 0
        return peak

    assert asyncio.run(run()) == 2


async def _admitted(gate: HostGate, n: int) -> list[asyncio.Task[bool]]:
    """Start ``n`` entries; return them once the loop has settled."""
    tasks = [asyncio.create_task(gate.enter()) for _ in range(n)]
    for _ in range(3):  # bounded: the gate admits within one loop pass
        await asyncio.sleep(0)
    return tasks


def test_new_connections_are_opened_a_few_at_a_time_and_then_reused() -> None:
    async def run() -> None:
        gate = HostGate(start=6, ceiling=24)
        first = await _admitted(gate, 40)
        done = [t for t in first if t.done()]
        assert len(done) == 6 and all(t.result() for t in done)  # six new connections
        for _ in done:
            gate.leave(True, 304)
        for _ in range(3):
            await asyncio.sleep(0)
        second = [t for t in first if t.done() and t not in done]
        # The six answered connections are reused, and six more are opened.
        assert sorted(t.result() for t in second) == [False] * 6 + [True] * 6
        assert gate.active == 12 and gate.proven == 6
        for t in first:
            t.cancel()

    asyncio.run(run())


def test_the_ceiling_holds_and_a_429_halves_it() -> None:
    async def run() -> None:
        gate = HostGate(start=4, ceiling=8)
        for _ in range(10):  # bounded: grow the host to its ceiling
            opens = await gate.enter()
            gate.leave(opens, 200)
        assert gate.limit == 8
        tasks = await _admitted(gate, 12)
        assert sum(t.done() for t in tasks) <= 8
        entered = [t for t in tasks if t.done()]
        gate.leave(entered[0].result(), 429)
        assert gate.limit == 4
        for _ in range(3):
            await asyncio.sleep(0)
        assert gate.active <= 8  # nobody new until the host is under its new limit
        for t in tasks:
            t.cancel()

    asyncio.run(run())


def test_a_cancelled_wait_never_keeps_a_slot() -> None:
    async def run() -> None:
        gate = HostGate(start=1, ceiling=4)
        holder = await gate.enter()
        waiting = asyncio.create_task(gate.enter())
        await asyncio.sleep(0)
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        gate.leave(holder, None)  # no answer: nothing proven
        assert gate.active == 0 and gate.opening == 0 and gate.proven == 0
        assert await gate.enter() is True  # the slot is free again

    asyncio.run(run())


def test_waiters_enter_in_the_order_they_came() -> None:
    async def run() -> None:
        gate = HostGate(start=1, ceiling=1)
        order: list[int] = []

        async def one(i: int) -> None:
            opens = await gate.enter()
            order.append(i)
            await asyncio.sleep(0)
            gate.leave(opens, 200)

        await asyncio.gather(*(one(i) for i in range(8)))
        assert order == list(range(8))
        assert gate.active == 0

    asyncio.run(run())

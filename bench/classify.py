"""/classify and /classify-csv latency through the emulator, with the real bot.

    .venv/bin/python -m bench.classify [--runs 50] [--rows 5000]

Measures what a user waits for: the first response to /classify (no defer: the reply
itself), and for a creator list the time to the "thinking…" placeholder and to the
finished reply. Also /classify's first response while a 5,000-row list is being parsed in
a worker thread, since that thread competes with the event loop for the GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.playground.emulator import Emulator
from bot.playground.local import LocalBot, settings_for
from tests.e2e.test_classify_csv import creator_list

LINES = (
    "/classify followers:12.5k platform:instagram handle:@jane_doe likes:450 comments:32",
    "/classify followers:95k handle:https://www.tiktok.com/@dancer likes:4k comments:100 "
    "shares:50 saves:25 views:20k",
    "/classify followers:250k handle:youtube.com/@maker likes:300 comments:20 views:2k",
    "/classify followers:2M platform:x handle:x.com/bigname likes:5k",
    "/classify followers:12..5k platform:instagram",
)


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name}: n={len(ordered)} median={statistics.median(ordered) * 1000:.1f} ms "
        f"p95={p95 * 1000:.1f} ms max={ordered[-1] * 1000:.1f} ms"
    )


async def main(runs: int, rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        emulator = Emulator(heartbeat_interval=5.0)
        await emulator.start()
        guild = emulator.add_guild("Bench")
        member = emulator.member(guild, "bench")
        local = LocalBot(emulator, settings_for(emulator, Path(folder) / "bench.sqlite3"))
        await local.start()
        try:
            await emulator.invoke(LINES[0], actor=member)  # warm-up: scheme cache, imports
            first: list[float] = []
            for index in range(runs):
                reply = await emulator.invoke(LINES[index % len(LINES)], actor=member)
                assert reply.first_response_seconds is not None
                first.append(reply.first_response_seconds)
            print(summary("/classify first response", first))

            data, _ = creator_list(rows)
            started = time.monotonic()
            reply = await emulator.invoke(
                "/classify-csv file:creators.csv",
                actor=member,
                files={"creators.csv": data},
                timeout=120,
            )
            finished = time.monotonic() - started
            assert reply.first_response_seconds is not None
            size = len(reply.message.file(".csv").data)
            print(
                f"/classify-csv {rows:,} rows ({len(data) / 1024:.0f} KB in, {size / 1024:.0f} KB "
                f"out): first response {reply.first_response_seconds * 1000:.1f} ms, "
                f"finished reply {finished * 1000:.0f} ms"
            )

            # /classify while a list is being classified in a worker thread.
            pending = asyncio.create_task(
                emulator.invoke(
                    "/classify-csv file:creators.csv",
                    actor=member,
                    files={"creators.csv": data},
                    timeout=120,
                )
            )
            await asyncio.sleep(0.05)
            during: list[float] = []
            while not pending.done():
                reply = await emulator.invoke(LINES[len(during) % len(LINES)], actor=member)
                assert reply.first_response_seconds is not None
                during.append(reply.first_response_seconds)
            await pending
            print(summary("/classify first response during a list", during))
        finally:
            await local.stop()
            await emulator.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rows", type=int, default=5_000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.rows))

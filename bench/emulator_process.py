"""The emulator in its own process, driven over its control API.

    python -m bench.emulator_process [--guild NAME]

Prints one JSON line with the URLs and the token once it listens, then serves until
SIGTERM or SIGINT. Request bodies are not checked against Discord's OpenAPI spec here (the
e2e tests do that): validation would cost the emulator CPU the bot under test needs.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import signal
import sys

from bot.playground.emulator import Emulator
from bot.playground.emulator.control import install_control


async def serve(guild: str) -> None:
    emulator = Emulator(spec=None)
    install_control(emulator)
    await emulator.start()
    emulator.add_guild(guild)
    quiet_collector()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(
        json.dumps(
            {
                "base_url": emulator.base_url,
                "rest_url": emulator.rest_url,
                "gateway_url": emulator.gateway_url,
                "token": emulator.token,
            }
        ),
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def quiet_collector() -> None:
    """Keep the emulator's garbage collector out of the bots' latencies.

    The emulator keeps every message it was sent, so its heap grows through a run, and with
    the default thresholds its full collections paused it for 70-140 ms a few times per
    load: every interaction in flight then waited, for whichever bot was measured at that
    moment, which showed in the p99 of both. Start-up's objects are frozen and a full
    collection waits for a thousand middle ones instead of ten (it runs about never within
    a benchmark); the young generations keep their default size, so their pauses stay at a
    few milliseconds (10,000 young objects made the middle ones take 200 ms), and cycles
    still die there.
    """
    gc.freeze()
    gc.set_threshold(700, 10, 1_000)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--guild", default="Bench", help="the guild the bot starts in")
    arguments = parser.parse_args(argv)
    asyncio.run(serve(arguments.guild))
    sys.exit(0)


if __name__ == "__main__":
    main()

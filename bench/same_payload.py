"""The same-payload baseline: a bare discord.py bot that sends exactly Tierbot's replies.

The /ping bot answers with a small embed, so a ratio to it mixes two costs: Tierbot's own
work (parsing, domain, storage, rendering) and discord.py encoding and sending a larger
reply. This bot (bench/baseline_bot.py with SAME_PAYLOADS) answers each command with the
body Tierbot sent for it, captured from the running Tierbot through the emulator just
before: same embeds, components and files, deferred when Tierbot deferred. The ratio to it
is Tierbot's own overhead; the issue's targets are set against it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from bench.processes import BASELINE
from bench.service import Live, Plan, Progress, live_bot, load_result, run_load
from bench.workloads import Kind

DEFERRED_CHANNEL_MESSAGE = 5
_CYCLED = re.compile(r"\{i%(\d+)\}")


def command_path(line: str) -> str:
    """ "/shortlist show name:Big" -> "shortlist show": the words before the first option."""
    words = []
    for word in line.lstrip("/").split():
        if ":" in word:
            break
        words.append(word)
    return " ".join(words)


def example_line(kind: Kind, number: int = 1) -> str:
    template = kind.line if isinstance(kind.line, str) else kind.line[0]
    line = _CYCLED.sub(lambda match: str(number % int(match.group(1))), template)
    return line.replace("{i}", f"captured{number}")


async def capture(tierbot: Live, kinds: Sequence[Kind]) -> dict[str, Any]:
    """Tierbot's command definitions and, per command, the reply it sent (one invocation)."""
    state = await tierbot.emulator.state()
    replies: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        files = kind.files() if kind.files is not None else None
        result = await tierbot.emulator.invoke(
            example_line(kind), role=kind.role, files=files, raw=True
        )
        raw = result.get("raw") or {}
        messages = raw.get("messages") or []
        if not messages:
            continue
        replies[command_path(example_line(kind))] = {
            "kind": kind.key,
            "deferred": raw.get("callback_type") == DEFERRED_CHANNEL_MESSAGE,
            "message": messages[-1],  # the reply the user reads (after a defer, the follow-up)
        }
    return {"commands": state["command_definitions"], "replies": replies}


@contextlib.asynccontextmanager
async def same_payload_bot(
    tierbot: Live, kinds: Sequence[Kind], plan: Plan, folder: Path, progress: Progress = print
) -> AsyncIterator[Live]:
    """The same-payload bot, running, primed with the replies Tierbot sent just now.

    It joins as many guilds as Tierbot and the /ping bot did, so all three carry the same
    guild cache: a full collection of the garbage collector walks it, and a bot without
    it would pause less for reasons that are not Tierbot's code."""
    progress("same-payload bot: capturing Tierbot's replies")
    payloads = await capture(tierbot, kinds)
    path = folder / "same-payloads.json"
    path.write_text(json.dumps(payloads))
    async with live_bot(
        "same-payload",
        BASELINE,
        folder,
        plan,
        barrier="/help",
        progress=progress,
        environment={"SAME_PAYLOADS": str(path)},
    ) as live:
        yield live


async def compare_kind(same: Live, tierbot: Live, kind: Kind, plan: Plan) -> dict[str, Any]:
    """Tierbot and the same-payload bot on one kind, the same lines at the same concurrency,
    their rounds alternating; Tierbot's result, with the same-payload bot's beside it under
    "baseline"."""
    concurrency = kind.concurrency or plan.concurrency
    if plan.warmup and kind.warmup:
        await run_load(same, kind, kind.warmup, concurrency)
        await run_load(tierbot, kind, kind.warmup, concurrency)
    same_raws: list[dict[str, Any]] = []
    tier_raws: list[dict[str, Any]] = []
    for count in split(plan.count(kind), plan.rounds):
        same_raws.append(await run_load(same, kind, count, concurrency))
        tier_raws.append(await run_load(tierbot, kind, count, concurrency))
    result = load_result(kind, tier_raws)
    result["baseline"] = load_result(kind, same_raws)
    return result


def split(total: int, parts: int) -> list[int]:
    parts = max(1, min(parts, total))
    share, extra = divmod(total, parts)
    return [share + (1 if index < extra else 0) for index in range(parts)]

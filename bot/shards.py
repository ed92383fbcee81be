"""Which shards this process serves: all of them (the default, Discord's recommended count),
or a range of a fixed count so several processes, on several machines, share the bot."""

from __future__ import annotations

from dataclasses import dataclass

EXAMPLE = "0-3 or 0,2"


def parse_shard_ids(text: str, count: int | None) -> tuple[int, ...]:
    """`0-3`, `0,2` or `1`: the shard ids, sorted; ValueError says what is wrong in words."""
    if count is None:
        raise ValueError("needs SHARD_COUNT (the total number of shards) as well")
    ids: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(f"write shard numbers like {EXAMPLE}")
        low, high = int(first), int(last) if dash else int(first)
        if low > high:
            raise ValueError(f"the range {part} runs backwards; write it like {EXAMPLE}")
        ids.update(range(low, high + 1))
    too_big = [shard for shard in ids if shard >= count]
    if too_big:
        raise ValueError(f"shards are numbered 0 to {count - 1} when SHARD_COUNT is {count}")
    return tuple(sorted(ids))


@dataclass(frozen=True, slots=True)
class ShardPlan:
    count: int | None = None  # None: ask Discord for its recommended count
    ids: tuple[int, ...] | None = None  # None: every shard of `count`

    @property
    def is_partial(self) -> bool:
        """Some shards are served by other processes."""
        return self.ids is not None and self.count is not None and len(self.ids) < self.count

    @property
    def syncs_commands(self) -> bool:
        """Exactly one process pushes the slash commands: the one holding shard 0."""
        return self.ids is None or 0 in self.ids

    def owns(self, guild_id: int) -> bool:
        if self.ids is None or self.count is None:
            return True
        return (guild_id >> 22) % self.count in self.ids

    def describe(self) -> str:
        if self.ids is None:
            return "every shard" if self.count is None else f"all {self.count} shards"
        listed = ", ".join(str(shard) for shard in self.ids)
        return f"shard{'s' if len(self.ids) != 1 else ''} {listed} of {self.count}"


SQLITE_ONE_PROCESS = (
    "SHARD_IDS {plan} means other Tierbot processes serve the other shards, and they must "
    "share one PostgreSQL database: set DATABASE_URL=postgresql://user@host:5432/tierbot "
    "(SQLite serves one process)."
)

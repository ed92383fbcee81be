"""How well /tiers ask answers its question set: `python -m bench.ask_accuracy`.

Reports, for the tuned part and for the held-out part separately: the share of realistic
questions given the right answer (an entry, a computation, or an honest refusal where the
set expects one) and the share of off-topic questions refused, then the misses.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import ask
from bot.domain.tiers import default_scheme
from tests.questions.held_out import (
    HELD_OUT,
    HELD_OUT_B,
    HELD_OUT_B_OFF_TOPIC,
    HELD_OUT_OFF_TOPIC,
)
from tests.questions.held_out_c import HELD_OUT_C, HELD_OUT_C_OFF_TOPIC
from tests.questions.tuned import OFF_TOPIC, TUNED

ANSWERED_TARGET = 0.90
REFUSED_TARGET = 0.95


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    right: int
    asked: int
    refused: int
    off_topic: int
    misses: tuple[str, ...]

    @property
    def accuracy(self) -> float:
        return self.right / self.asked if self.asked else 1.0

    @property
    def refusal(self) -> float:
        return self.refused / self.off_topic if self.off_topic else 1.0

    @property
    def passes(self) -> bool:
        return self.accuracy >= ANSWERED_TARGET and self.refusal >= REFUSED_TARGET

    def summary(self) -> str:
        return (
            f"{self.name}: {self.accuracy:.1%} right ({self.right}/{self.asked}), "
            f"{self.refusal:.1%} off-topic refused ({self.refused}/{self.off_topic})"
        )


def score(
    name: str, questions: Sequence[tuple[str, tuple[str, ...]]], off_topic: Sequence[str]
) -> Score:
    scheme = default_scheme()
    misses: list[str] = []
    right = 0
    for question, expected in questions:
        got = ask.describe(ask.answer(question, scheme))
        if got in expected:
            right += 1
        else:
            misses.append(f"{question!r}: expected {' or '.join(expected)}, got {got}")
    refused = 0
    for question in off_topic:
        got = ask.describe(ask.answer(question, scheme))
        if got == "none":
            refused += 1
        else:
            misses.append(f"{question!r} (off-topic): got {got}")
    return Score(name, right, len(questions), refused, len(off_topic), tuple(misses))


def main() -> int:
    scores = (
        score("tuned", TUNED, OFF_TOPIC),
        score("held-out A", HELD_OUT, HELD_OUT_OFF_TOPIC),
        score("held-out B", HELD_OUT_B, HELD_OUT_B_OFF_TOPIC),
        score("held-out C", HELD_OUT_C, HELD_OUT_C_OFF_TOPIC),
    )
    for result in scores:
        print(result.summary())
    for result in scores:
        if result.misses:
            print(f"\nMisses ({result.name}):")
            for miss in result.misses:
                print(f"  {miss}")
    return 0 if all(result.passes for result in scores) else 1


if __name__ == "__main__":
    sys.exit(main())

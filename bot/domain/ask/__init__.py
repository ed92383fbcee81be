"""/tiers ask: computed answers for questions with numbers, the knowledge base for the rest.

Public API: `answer(question, scheme)`, `suggest(typed)`, `describe(answer)`; answer types
`Computed`, `EntryAnswer`, `NoAnswer`.
"""

from bot.domain.ask.compute import Computed
from bot.domain.ask.route import Answer, EntryAnswer, NoAnswer, answer, describe
from bot.domain.ask.suggest import suggest

__all__ = ["Answer", "Computed", "EntryAnswer", "NoAnswer", "answer", "describe", "suggest"]

"""A local Discord for the real bot: REST and gateway on 127.0.0.1."""

from bot.playground.emulator.commands import CommandLineError, FileArgument
from bot.playground.emulator.records import Interaction, Message
from bot.playground.emulator.server import Emulator
from bot.playground.emulator.world import Actor, Guild

__all__ = [
    "Actor",
    "CommandLineError",
    "Emulator",
    "FileArgument",
    "Guild",
    "Interaction",
    "Message",
]

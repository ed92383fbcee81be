"""Local stand-ins for the platforms' APIs with fictional creators (playground and tests)."""

from bot.playground.fakes.server import Fault, PlatformFakes

__all__ = ["Fault", "PlatformFakes"]

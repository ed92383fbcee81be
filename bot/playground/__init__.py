"""A local Discord (the emulator) and the console that drives the real bot through it."""

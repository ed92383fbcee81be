"""`python -m bot` is the `tierbot` console script."""

from bot.cli import main

# Guarded: worker processes (bot/workers.py) start with "spawn", which imports this module.
if __name__ == "__main__":
    raise SystemExit(main())

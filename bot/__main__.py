"""`python -m bot` is the `tierbot` console script."""

from bot.cli import main

raise SystemExit(main())

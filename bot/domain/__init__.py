"""Pure domain logic. Nothing here imports discord or aiosqlite (tests/unit/test_architecture.py)."""

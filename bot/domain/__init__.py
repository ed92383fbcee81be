"""Pure domain logic: no discord, no aiosqlite (tests/unit/test_architecture.py checks)."""

"""Advisory lock keys, one per job that must run in one process at a time.

Discord snowflakes (which key the per-guild transaction locks) are far above these small
numbers, so the keys never collide.
"""

from __future__ import annotations

MIGRATIONS = 7_417_001
RETENTION_PURGE = 7_417_002

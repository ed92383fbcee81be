"""SQLite storage: connection lifecycle, migrations and one repository per aggregate.

All SQL in the project lives in this package.
"""

from storage.database import Database, StorageError, StorageWriteError

__all__ = ["Database", "StorageError", "StorageWriteError"]

"""PostgreSQL twins of the SQLite migrations one folder up, with the same version numbers."""

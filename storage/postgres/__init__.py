"""PostgreSQL storage (DATABASE_URL=postgresql://…): the same repositories as the SQLite
modules one folder up, on asyncpg, safe for several processes sharing one database."""

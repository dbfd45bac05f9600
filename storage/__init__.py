"""SQLite storage: one connection wrapper, numbered migrations, one module per noun."""

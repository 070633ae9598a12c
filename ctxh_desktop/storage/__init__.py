"""Local storage: the encrypted SQLite database (SQLCipher through sqlite-utils), schema and queries.

The only package that imports ``sqlite3``/``sqlcipher3``/``sqlite_utils``.
"""

"""The schema revision this code expects (no imports: read by lean entry points).

A test keeps it equal to the head of the Alembic scripts.
"""

HEAD = "0007"

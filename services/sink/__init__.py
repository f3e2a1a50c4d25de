"""Sink: typed topics → Postgres tables, upserting by stable ids, committing offsets only after the database."""

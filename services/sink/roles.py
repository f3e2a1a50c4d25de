"""The sink's database role: it may log in and owns one schema, its tables, and nothing else.

Run once by an administrator (``newsstream db-setup --admin-url ...``), before the sink's first start; the sink's
migrations then create their tables in that schema, so the role owns exactly them. The role is not a superuser,
cannot create roles or databases, owns no database, and cannot create anything in ``public``. Idempotent: a second
run changes nothing, and it takes back rights a role was given by hand (superuser, createdb, createrole).
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class RoleReport:
    """What a role may do and owns: what the test of ``setup_sink_role`` checks."""

    superuser: bool
    createrole: bool
    createdb: bool
    owned_databases: list[str]
    owned_schemas: list[str]
    owned_relations_outside: list[str]


def _login_role(admin: psycopg.Connection, role: str, password: str | None) -> None:
    """``role`` created, or its rights taken back to logging in only (a second run tightens a role given more)."""
    ident = sql.Identifier(role)
    exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None
    verb = sql.SQL("ALTER ROLE") if exists else sql.SQL("CREATE ROLE")
    admin.execute(
        sql.SQL("{} {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS").format(verb, ident)
    )
    if password is not None:
        # DDL takes no bind parameters; sql.Literal quotes the value on the client, safely.
        admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(ident, sql.Literal(password)))


def setup_sink_role(
    admin: psycopg.Connection, *, role: str, schema: str, password: str | None = None
) -> None:
    """On ``admin`` (a superuser's autocommit connection to the sink's database)."""
    ident, database = sql.Identifier(role), admin.info.dbname
    _login_role(admin, role, password)
    owner = admin.execute(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
    ).fetchone()
    if owner is not None and owner[0] == role:
        # A database's owner may drop it and grant on it: not the sink's business.
        admin.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO CURRENT_USER").format(sql.Identifier(database))
        )
    admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), ident))
    admin.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}").format(sql.Identifier(schema), ident))
    admin.execute(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(sql.Identifier(schema), ident))
    # PostgreSQL 15 and later already refuse CREATE in public to everyone; older ones do not.
    admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    admin.execute(
        sql.SQL("ALTER ROLE {} IN DATABASE {} SET search_path = {}").format(
            ident, sql.Identifier(database), sql.Identifier(schema)
        )
    )


def setup_reader_role(
    admin: psycopg.Connection, *, role: str, owner: str, schema: str | None = None, password: str | None = None
) -> None:
    """A role that may read every table ``owner`` creates, now or later, and write nothing: the explorer's.

    On ``admin``, a superuser's autocommit connection to the database. Default privileges cover the schemas and
    tables ``owner`` creates later (the sink migrates after this runs; tests make a schema each). Every
    transaction of the role is read-only too, so a grant given by mistake still cannot write. Idempotent.
    """
    ident, owner_ident = sql.Identifier(role), sql.Identifier(owner)
    _login_role(admin, role, password)
    admin.execute(sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(ident))
    admin.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(admin.info.dbname), ident)
    )
    for grant in ("USAGE ON SCHEMAS", "SELECT ON TABLES"):
        admin.execute(
            sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} GRANT {} TO {}").format(owner_ident, sql.SQL(grant), ident)
        )
    schemas = [schema] if schema else [
        r[0] for r in admin.execute(
            "SELECT nspname FROM pg_namespace WHERE pg_get_userbyid(nspowner) = %s OR nspname = 'public'", (owner,)
        )
    ]  # fmt: skip
    for name in schemas:
        admin.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(name), ident))
        admin.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(sql.Identifier(name), ident))
    if schema:
        admin.execute(
            sql.SQL("ALTER ROLE {} IN DATABASE {} SET search_path = {}").format(
                ident, sql.Identifier(admin.info.dbname), sql.Identifier(schema)
            )
        )


def role_report(conn: psycopg.Connection, *, role: str, schema: str) -> RoleReport:
    flags = conn.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s", (role,)
    ).fetchone()
    if flags is None:
        raise LookupError(f"no role {role}")
    databases = conn.execute(
        "SELECT datname FROM pg_database WHERE pg_get_userbyid(datdba) = %s ORDER BY 1", (role,)
    ).fetchall()
    schemas = conn.execute(
        "SELECT nspname FROM pg_namespace WHERE pg_get_userbyid(nspowner) = %s ORDER BY 1", (role,)
    ).fetchall()
    outside = conn.execute(
        "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE pg_get_userbyid(c.relowner) = %s AND n.nspname <> %s AND n.nspname <> 'pg_toast'"
        " ORDER BY 1",
        (role, schema),
    ).fetchall()
    return RoleReport(
        superuser=bool(flags[0]),
        createrole=bool(flags[1]),
        createdb=bool(flags[2]),
        owned_databases=[r[0] for r in databases],
        owned_schemas=[r[0] for r in schemas],
        owned_relations_outside=[r[0] for r in outside],
    )

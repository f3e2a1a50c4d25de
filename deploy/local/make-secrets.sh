#!/usr/bin/env bash
# Random credentials for docker-compose.yml, in .secrets/ (git-ignored), once; an existing file is kept.
# Compose mounts each file into the containers that need it under /run/secrets/, where newsstream reads them.
set -euo pipefail
cd "$(dirname "$0")/../.."
umask 077
mkdir -p .secrets
chmod 700 .secrets
random() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }
[ -s .secrets/postgres_password ] || random > .secrets/postgres_password
[ -s .secrets/sink_db_password ] || random > .secrets/sink_db_password
[ -s .secrets/reader_db_password ] || random > .secrets/reader_db_password
pg="$(cat .secrets/postgres_password)"
sink="$(cat .secrets/sink_db_password)"
reader="$(cat .secrets/reader_db_password)"
printf 'postgresql://postgres:%s@postgres:5432/newsstream\n' "$pg" > .secrets/newsstream_db_admin_url
printf 'postgresql://newsstream_sink:%s@postgres:5432/newsstream\n' "$sink" > .secrets/newsstream_database_url
# The explorer's role (`db-setup --reader-role`): it may only read the sink's tables.
printf 'postgresql://newsstream_reader:%s@postgres:5432/newsstream\n' "$reader" > .secrets/newsstream_explorer_database_url
# The files are bind-mounted as they are: the containers' non-root user (uid 10001) must be able to read them.
# The directory (0700) keeps other users of this machine out.
chmod 644 .secrets/*
echo "secrets in $(pwd)/.secrets" >&2

#!/usr/bin/env bash
# The main job on a fresh machine: local Kafka + Postgres, every stage and the sink, a replay of seeds/ into
# Postgres, and a summary of what landed. Data stays in .newsstream/ between runs, so a second run shows that a
# replay changes nothing.
source "$(dirname "$0")/bootstrap.sh"
exec newsstream demo "$@"

#!/usr/bin/env bash
# The events explorer over what the demo wrote: starts the local Postgres (and Kafka, for the live lag) again if
# they are down, then serves http://127.0.0.1:8080/ until Ctrl-C. Read-only: it connects as newsstream_reader.
source "$(dirname "$0")/bootstrap.sh"
newsstream services up >/dev/null
exec newsstream web "$@"

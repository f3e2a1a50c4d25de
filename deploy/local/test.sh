#!/usr/bin/env bash
# Every check and test, integration tests included, against the project's own local Kafka and Postgres.
source "$(dirname "$0")/bootstrap.sh"
export NEWSSTREAM_STATE_DIR="${NEWSSTREAM_STATE_DIR:-$REPO/.newsstream/test-services}"
cleanup() { newsstream services down >/dev/null 2>&1 || true; }
trap cleanup EXIT
echo "== lint and types" >&2
ruff check services schemas tests
mypy
# The explorer's browser test drives Debian's Chromium (never a browser downloaded by a test tool).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing chromium from Debian's packages (the explorer's browser test)" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo "== local services" >&2
newsstream services up
eval "$(newsstream services env)"
echo "== tests" >&2
python -m pytest "$@"

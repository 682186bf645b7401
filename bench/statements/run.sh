#!/usr/bin/env bash
# Starts a private MariaDB on a free loopback port, runs the statements benchmark, stops the server.
set -euo pipefail
cd "$(dirname "$0")"
source ../private-mariadb.sh
dotnet run -c Release -- "$BENCH_MYSQL" "$@"

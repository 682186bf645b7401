#!/usr/bin/env bash
# Starts a private MariaDB on a free loopback port, runs the billing benchmark, stops the server.
set -euo pipefail
cd "$(dirname "$0")"
run="$(pwd)/.benchrun"; rm -rf "$run"; mkdir -p "$run"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mariadb-install-db --user=root --datadir="$run/data" --auth-root-authentication-method=socket --skip-test-db >/dev/null
mariadbd --no-defaults --user=root --datadir="$run/data" --socket="$run/sock" --pid-file="$run/pid" --port="$port" \
  --bind-address=127.0.0.1 --character-set-server=utf8mb4 --innodb-buffer-pool-size=1G --log-error="$run/log" ${MARIADB_ARGS:-} &
trap 'mariadb-admin --socket="$run/sock" -uroot --connect-timeout=2 shutdown >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 60); do mariadb-admin --socket="$run/sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1 && break; sleep 0.5; done
mariadb --socket="$run/sock" -uroot -e "CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1';"
export BENCH_MARIADB_PID="$(cat "$run/pid")"   # the bench reads the server's CPU time around each step
dotnet run -c Release -- "Server=127.0.0.1;Port=$port;User ID=bench;Password=bench" "$@"

#!/usr/bin/env bash
# Sourced by the benchmarks' run.sh (from their own folder): starts a private MariaDB under ./.benchrun on a free
# loopback port, stops it when the script exits, and sets BENCH_MYSQL to a connection string for it.
run="$(pwd)/.benchrun"; rm -rf "$run"; mkdir -p "$run/tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mariadb-install-db --user=root --datadir="$run/data" --auth-root-authentication-method=socket --skip-test-db >/dev/null
mariadbd --no-defaults --user=root --datadir="$run/data" --socket="$run/sock" --pid-file="$run/pid" --port="$port" \
  --bind-address=127.0.0.1 --character-set-server=utf8mb4 --innodb-buffer-pool-size=1G --tmpdir="$run/tmp" --log-error="$run/log" ${MARIADB_ARGS:-} &
trap 'mariadb-admin --socket="$run/sock" -uroot --connect-timeout=2 shutdown >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 60); do mariadb-admin --socket="$run/sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1 && break; sleep 0.5; done
mariadb --socket="$run/sock" -uroot -e "CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1';"
BENCH_MYSQL="Server=127.0.0.1;Port=$port;User ID=bench;Password=bench"

#!/usr/bin/env bash
# GET /amount benchmark: a private MariaDB, the real host (Release build) on loopback, 15 million
# DF_USAGE_HISTORY rows, the daily rollups filled by the host's backfill command, then latency (median/p95) of
# the endpoint beside the bare SQL aggregate over the raw rows, for a tenant with 10 orders and one with 1,000,
# and throughput under concurrent load. Usage: bench/amount/run.sh [iterations] [concurrency] [seconds]
# AMOUNT_BENCH_KEEP=1 keeps the loaded database in bench/amount/.data and, when it is there, measures on it again
# (no load, backfill or check: the host's migrations still run), for re-measuring after a change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="$here/.run"
rm -rf "$run" && mkdir -p "$run"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" >/dev/null 2>&1 || true; done
  [ -S "$run/mysql.sock" ] && mariadb-admin --socket="$run/mysql.sock" -uroot --connect-timeout=2 shutdown >/dev/null 2>&1 || true
  wait >/dev/null 2>&1 || true
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "build: host and bench tool (Release)"
dotnet build "$root/ServiceUsage.Web/ServiceUsage.Web.csproj" -c Release -v q -nologo >"$run/build.log" 2>&1 || { cat "$run/build.log"; exit 1; }
dotnet build "$here/AmountBench/AmountBench.csproj" -c Release -v q -nologo >>"$run/build.log" 2>&1 || { cat "$run/build.log"; exit 1; }

echo "mariadb: private server"
db_port=$(free_port)
datadir="$run/mariadb"; reuse=0
if [ "${AMOUNT_BENCH_KEEP:-0}" = 1 ]; then
  datadir="$here/.data/mariadb"
  [ -f "$here/.data/loaded" ] && reuse=1 || rm -rf "$here/.data"
fi
if [ "$reuse" = 0 ]; then
  mkdir -p "$datadir"
  mariadb-install-db --user=root --datadir="$datadir" --auth-root-authentication-method=socket --skip-test-db >"$run/install.log" 2>&1
fi
mariadbd --no-defaults --user=root --datadir="$datadir" --socket="$run/mysql.sock" --pid-file="$run/mariadb.pid" \
  --port="$db_port" --bind-address=127.0.0.1 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-buffer-pool-size=2G --innodb-log-file-size=1G --innodb-flush-log-at-trx-commit=2 --max-connections=500 \
  --log-error="$run/mariadb.log" &
pids+=($!)
for _ in $(seq 1 60); do mariadb-admin --socket="$run/mysql.sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1 && break; sleep 0.5; done
password="bench-$(date +%s%N)"
[ "$reuse" = 1 ] && password=$(cat "$here/.data/password") || mariadb --socket="$run/mysql.sock" -uroot <<SQL
CREATE DATABASE su_bench CHARACTER SET utf8mb4;
CREATE USER 'su'@'localhost' IDENTIFIED BY '$password';
CREATE USER 'su'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON su_bench.* TO 'su'@'localhost';
GRANT ALL PRIVILEGES ON su_bench.* TO 'su'@'127.0.0.1';
SQL
connection="Server=127.0.0.1;Port=$db_port;Database=su_bench;User ID=su;Password=$password;Character Set=utf8mb4"

echo "host: migrates the schema"
api_port=$(free_port)
token="bench-admin-token-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$root/ServiceUsage.Web" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  Database__Provider=MySql ConnectionStrings__ServiceUsage="$connection" Demo__Seed=false Jobs__RunServer=false \
  SERVICEUSAGE_ADMIN_TOKEN="$token" LOG_LEVEL=info \
  exec dotnet bin/Release/net10.0/ServiceUsage.Web.dll >"$run/host.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$api_port/healthz/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$api_port/healthz/ready" >/dev/null || { cat "$run/host.log"; exit 1; }

if [ "$reuse" = 1 ]; then echo "reuse: the database loaded before ($here/.data)"; else
echo "load: INSERT ... SELECT from sequences"
start=$(date +%s)
mariadb --socket="$run/mysql.sock" -uroot su_bench <"$here/load.sql"
echo "load: $(( $(date +%s) - start )) s"

echo "backfill: the host's own command fills the daily rollups in bounded transactions"
host_env=(ASPNETCORE_ENVIRONMENT=Production Database__Provider=MySql ConnectionStrings__ServiceUsage="$connection" Demo__Seed=false Jobs__RunServer=false)
start=$(date +%s)
(cd "$root/ServiceUsage.Web" && env "${host_env[@]}" dotnet bin/Release/net10.0/ServiceUsage.Web.dll rollups backfill) | tail -1
echo "backfill: $(( $(date +%s) - start )) s"
start=$(date +%s)
(cd "$root/ServiceUsage.Web" && env "${host_env[@]}" dotnet bin/Release/net10.0/ServiceUsage.Web.dll rollups check) | tail -1
echo "check: $(( $(date +%s) - start )) s"
mariadb --socket="$run/mysql.sock" -uroot su_bench -e "ANALYZE TABLE DF_USAGE_DAILY, DF_USAGE_DAILY_USER; SELECT COUNT(*) AS usage_rows FROM DF_USAGE_HISTORY; SELECT COUNT(*) AS order_days FROM DF_USAGE_DAILY; SELECT COUNT(*) AS user_days FROM DF_USAGE_DAILY_USER;"
if [ "${AMOUNT_BENCH_KEEP:-0}" = 1 ]; then echo "$password" >"$here/.data/password"; touch "$here/.data/loaded"; fi
fi

echo "measure"
dotnet "$here/AmountBench/bin/Release/net10.0/AmountBench.dll" "http://127.0.0.1:$api_port" "$token" "$connection" "${1:-300}" "${2:-16}" "${3:-20}"

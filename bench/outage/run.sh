#!/usr/bin/env bash
# Fail-fast benchmark (issue 9: "a database that cannot be reached answers 503 within 2 s"): a private MariaDB,
# the real host (Release build) on loopback, then the same API and page requests timed with MariaDB up (the
# floor) and stopped (every answer a 503), and the time to the first 200 once MariaDB is back.
# Usage: bench/outage/run.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="$here/.run"
rounds="${1:-20}"
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
dotnet build "$root/ServiceUsage.Web/ServiceUsage.Web.csproj" -c Release -v q -nologo >"$run/build.log" 2>&1 || { cat "$run/build.log"; exit 1; }

db_port=$(free_port)
start_db() {
  mariadbd --no-defaults --user=root --datadir="$run/mariadb" --socket="$run/mysql.sock" --pid-file="$run/mariadb.pid" \
    --port="$db_port" --bind-address=127.0.0.1 --character-set-server=utf8mb4 --log-error="$run/mariadb.log" &
  pids+=($!)
  for _ in $(seq 1 60); do mariadb-admin --socket="$run/mysql.sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1 && return; sleep 0.2; done
}
mkdir -p "$run/mariadb"
mariadb-install-db --user=root --datadir="$run/mariadb" --auth-root-authentication-method=socket --skip-test-db >"$run/install.log" 2>&1
start_db
password="bench-$(date +%s%N)"
mariadb --socket="$run/mysql.sock" -uroot <<SQL
CREATE DATABASE su_bench CHARACTER SET utf8mb4;
CREATE USER 'su'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON su_bench.* TO 'su'@'127.0.0.1';
SQL

api_port=$(free_port)
token="bench-admin-token-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$root/ServiceUsage.Web" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
  Database__Provider=MySql ConnectionStrings__ServiceUsage="Server=127.0.0.1;Port=$db_port;Database=su_bench;User ID=su;Password=$password" \
  Database__ServerVersion=10.11.0-mariadb Demo__Seed=false Jobs__RunServer=false SERVICEUSAGE_ADMIN_TOKEN="$token" LOG_LEVEL=warn \
  exec dotnet bin/Release/net10.0/ServiceUsage.Web.dll >"$run/host.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$api_port/healthz/ready" >/dev/null 2>&1 && break; sleep 0.5; done
api="http://127.0.0.1:$api_port/usageapi/v1"
auth="Authorization: Bearer $token"
curl -fs -H "$auth" -H 'Content-Type: application/json' -X POST "$api/plans/S/versions" \
  -d "{\"beginTime\":\"$(date -u -d '+2 seconds' +%Y-%m-%dT%H:%M:%SZ)\",\"name\":\"S\",\"serviceId\":\"mysql\",\"monthlyPrice\":30}" >/dev/null
sleep 3 # the version takes effect

# One line per request: "<label> <status> <seconds>".
measure() {
  local label=$1
  for _ in $(seq 1 "$rounds"); do
    curl -s -o /dev/null -w "$label plans %{http_code} %{time_total}\n" -H "$auth" "$api/plans"
    curl -s -o /dev/null -w "$label orders %{http_code} %{time_total}\n" -H "$auth" "$api/purchaseorders?user=bench"
    curl -s -o /dev/null -w "$label buy %{http_code} %{time_total}\n" -H "$auth" -H 'Content-Type: application/json' -X POST "$api/purchaseorders" \
      -d '{"type":"prepay","planId":"S","quantity":1,"months":1,"user":"bench","dryRun":true}'
    curl -s -o /dev/null -w "$label amount %{http_code} %{time_total}\n" -H "$auth" \
      "$api/amount?user=bench&starttime=2026-01-01T00:00:00Z&endtime=2027-01-01T00:00:00Z"
  done
}
measure up >"$run/times.txt"
mariadb-admin --socket="$run/mysql.sock" -uroot --connect-timeout=2 shutdown
measure down >>"$run/times.txt"
start_db
back=$(date +%s%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$api/plans")" = 200 ]; do sleep 0.05; done
echo "first 200 after MariaDB accepted connections again: $(( ($(date +%s%N) - back) / 1000000 )) ms"

python3 - "$run/times.txt" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list); codes = collections.defaultdict(set)
for line in open(sys.argv[1]):
    state, route, code, seconds = line.split()
    rows[(state, route)].append(float(seconds) * 1000); codes[(state, route)].add(code)
print(f"{'route':8} {'state':5} {'status':6} {'median ms':>9} {'max ms':>8}")
for (state, route), ms in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != 'up')):
    print(f"{route:8} {state:5} {','.join(sorted(codes[(state, route)])):6} {statistics.median(ms):9.1f} {max(ms):8.1f}")
PY

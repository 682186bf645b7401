#!/usr/bin/env bash
# Runs every test suite against real servers on loopback: installs what is missing (apt, npm),
# starts a private MariaDB and Redis, runs `dotnet test` once for the solution, stops what it
# started (also when tests fail). The last line is the sum over all test projects:
# "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
run="$root/.testrun"
rm -rf "$run" && mkdir -p "$run"

need=()
command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Chinese pages in Chromium screenshots need a CJK font (empty boxes without it).
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto 2>/dev/null | grep -qi cjk || need+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >"$run/apt.log" 2>&1
  $sudo apt-get install -y -qq "${need[@]}" >>"$run/apt.log" 2>&1 || { cat "$run/apt.log"; echo "0 passed, 1 failed"; exit 1; }
fi

# npm: the OpenAPI linter (@redocly/cli) that the API tests run on the served document.
if [ ! -f .ci/openapi/node_modules/@redocly/cli/bin/cli.js ]; then
  npm ci --prefix .ci/openapi --no-audit --no-fund >"$run/npm.log" 2>&1 || { cat "$run/npm.log"; echo "0 passed, 1 failed"; exit 1; }
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

pids=()
cleanup() {
  [ -S "$run/mysql.sock" ] && mariadb-admin --socket="$run/mysql.sock" -uroot --connect-timeout=2 shutdown >/dev/null 2>&1
  for p in "${pids[@]}"; do kill "$p" >/dev/null 2>&1; done
  wait >/dev/null 2>&1
}
trap cleanup EXIT

# MariaDB: own datadir, socket and port; no systemd.
db_port=$(free_port)
mkdir -p "$run/mariadb"
mariadb-install-db --user=root --datadir="$run/mariadb" --auth-root-authentication-method=socket --skip-test-db >"$run/mariadb-install.log" 2>&1 \
  || { cat "$run/mariadb-install.log"; echo "0 passed, 1 failed"; exit 1; }
mariadbd --no-defaults --user=root --datadir="$run/mariadb" --socket="$run/mysql.sock" --pid-file="$run/mariadb.pid" \
  --port="$db_port" --bind-address=127.0.0.1 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-flush-log-at-trx-commit=2 --max-connections=500 --log-error="$run/mariadb.log" 2>"$run/mariadb.stderr" &
pids+=($!)
for _ in $(seq 1 60); do
  mariadb-admin --socket="$run/mysql.sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1 && break
  sleep 0.5
done
db_password="test-$(date +%s%N)"
mariadb --socket="$run/mysql.sock" -uroot <<SQL || { cat "$run/mariadb.log"; echo "0 passed, 1 failed"; exit 1; }
CREATE USER 'su_test'@'localhost' IDENTIFIED BY '$db_password';
CREATE USER 'su_test'@'127.0.0.1' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON *.* TO 'su_test'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'su_test'@'127.0.0.1' WITH GRANT OPTION;
SQL
export SERVICEUSAGE_TEST_MYSQL="Server=127.0.0.1;Port=$db_port;User ID=su_test;Password=$db_password;Character Set=utf8mb4;Allow User Variables=true"
export SERVICEUSAGE_TEST_MYSQL_SOCKET="$run/mysql.sock"
export SERVICEUSAGE_TEST_MYSQL_DATADIR="$run/mariadb"

# Redis: for the Hangfire scale-out tests.
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$run/redis.log" 2>&1 &
pids+=($!)
export SERVICEUSAGE_TEST_REDIS="127.0.0.1:$redis_port"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build ServiceUsage.sln -c Release -nologo -v q 2>&1 | tee "$run/build.log" | grep -E "error|Warn|Elapsed" | sort -u
if [ "${PIPESTATUS[0]}" -ne 0 ]; then echo "0 passed, 1 failed"; exit 1; fi

# SERVICEUSAGE_TEST_FILTER (optional, for local iteration): a `dotnet test --filter` expression.
filter=()
[ -n "${SERVICEUSAGE_TEST_FILTER:-}" ] && filter=(--filter "$SERVICEUSAGE_TEST_FILTER")
dotnet test ServiceUsage.sln -c Release --no-build "${filter[@]}" --logger "console;verbosity=normal" --results-directory "$run/results" \
  >"$run/test.log" 2>&1
status=$?
grep -E "^\s+Failed |Error Message|Total tests|Test Run" "$run/test.log" | head -200

passed=0; failed=0
# One summary block per test project: "     Passed: N" / "     Failed: N".
for n in $(grep -E '^\s+Passed: [0-9]+\s*$' "$run/test.log" | grep -oE '[0-9]+'); do passed=$((passed + n)); done
for n in $(grep -E '^\s+Failed: [0-9]+\s*$' "$run/test.log" | grep -oE '[0-9]+'); do failed=$((failed + n)); done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

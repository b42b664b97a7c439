#!/usr/bin/env bash
# Starts the real backends the way docker-compose.yml would, for machines without Docker:
# Redis (or Valkey) on 127.0.0.1:6379 and MariaDB (or MySQL) on 127.0.0.1:3306, then creates the
# `cachelab` database. Idempotent: a service that already answers is left alone.
set -euo pipefail

redis_port="${CACHELAB_REDIS_PORT:-6379}"
mysql_port="${CACHELAB_MYSQL_PORT:-3306}"

wait_for() { # name, tries, command...
  local name=$1 tries=$2; shift 2
  for _ in $(seq 1 "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "services: $name did not come up; see its log (redis: /tmp/cachelab-redis.log)." >&2
  return 1
}

if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
  echo "services: redis on 127.0.0.1:$redis_port is up"
else
  server=$(command -v valkey-server || command -v redis-server || true)
  [ -n "$server" ] || { echo "services: neither valkey-server nor redis-server is installed; install one (apt install redis-server) or set CACHE_URL." >&2; exit 1; }
  echo "services: starting $server on 127.0.0.1:$redis_port"
  "$server" --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --logfile /tmp/cachelab-redis.log
  wait_for redis 40 redis-cli -h 127.0.0.1 -p "$redis_port" ping
fi

mysql_ping() { mariadb-admin -h 127.0.0.1 -P "$mysql_port" -uroot ping 2>/dev/null || mysqladmin -h 127.0.0.1 -P "$mysql_port" -uroot ping; }
if mysql_ping >/dev/null 2>&1; then
  echo "services: mariadb on 127.0.0.1:$mysql_port is up"
else
  if [ -x /usr/sbin/mariadbd ]; then
    echo "services: starting /usr/sbin/mariadbd"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  elif command -v mysqld >/dev/null; then
    echo "services: starting mysqld"
    mysqld --daemonize --bind-address=127.0.0.1 --port="$mysql_port"
  else
    echo "services: no MariaDB/MySQL server is installed; install mariadb-server or set DATABASE_URL." >&2; exit 1
  fi
  wait_for mariadb 120 mysql_ping
fi

client=$(command -v mariadb || command -v mysql)
"$client" -h 127.0.0.1 -P "$mysql_port" -uroot -e 'CREATE DATABASE IF NOT EXISTS cachelab'
echo "services: database cachelab ready"

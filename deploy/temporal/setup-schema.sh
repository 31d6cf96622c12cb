#!/bin/sh
# Creates Temporal's two databases and brings their schema to the version bundled with this
# admin-tools image (the pattern of Temporal's own compose files, temporalio/samples-server).
# Safe to re-run: setup-schema keeps a newer version, update-schema only moves forward, so a
# bumped TEMPORAL_VERSION upgrades the schema on the next `docker compose up`.
set -eu

host=${POSTGRES_SEEDS:-postgresql}
port=${DB_PORT:-5432}
user=${POSTGRES_USER:-temporal}
schema_dir=/etc/temporal/schema/postgresql/v12
# temporal-sql-tool reads the password from SQL_PASSWORD.
: "${SQL_PASSWORD:?SQL_PASSWORD must be set}"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$user" "$@"
}

setup() {
  db=$1
  versioned=$2
  echo "Temporal schema: database $db"
  # An existing database is not an error; a real failure shows again in the next command.
  sql_tool --db "$db" create || echo "create $db: skipped (it probably exists)"
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$schema_dir/$versioned"
}

setup temporal temporal/versioned
setup temporal_visibility visibility/versioned
echo 'Temporal schema: up to date'

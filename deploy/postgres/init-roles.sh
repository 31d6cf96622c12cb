#!/bin/bash
# Runs once, from /docker-entrypoint-initdb.d, when the postgres image initialises an empty volume.
# One login role per tenant: the app cannot touch Temporal's databases, nor Temporal the app's.
# Passwords come from the container's environment; changing them later takes ALTER ROLE by hand.
# Temporal's own databases (temporal, temporal_visibility) are created by temporal-schema.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set temporal_pw="$TEMPORAL_DB_PASSWORD" --set hotline_pw="$HOTLINE_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_pw';
CREATE ROLE hotline LOGIN PASSWORD :'hotline_pw';
CREATE DATABASE hotline OWNER hotline;
REVOKE ALL ON DATABASE hotline FROM PUBLIC;
SQL

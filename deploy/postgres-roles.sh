#!/bin/sh
# First start of the compose database: the owner role (migrations) and the application
# role (web, worker, beat; owns nothing). Grants follow every `migrate --database owner`
# (regeling/core/dbroles.py). Passwords come from the compose .env file.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DB_OWNER_PASSWORD" -v app_password="$DB_APP_PASSWORD" <<'SQL'
CREATE ROLE regeling_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE regeling_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE regeling OWNER TO regeling_owner;
ALTER SCHEMA public OWNER TO regeling_owner;
SQL

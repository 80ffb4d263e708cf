#!/usr/bin/env bash
# Bake the defaults into build/demo, set it up on SQLite, seed it, and serve it.
set -euo pipefail
python=$1
demo=$2
port=${DEMO_PORT:-5000}

rm -rf "$demo"
"$python" -m cookiecutter . --no-input --output-dir "$demo"
project=$(find "$demo" -mindepth 1 -maxdepth 1 -type d | head -n 1)
cd "$project"

flask() { "$python" -m flask "$@"; }
flask db upgrade
flask seed --users 50 --messages 500
password=$("$python" -c 'import secrets; print(secrets.token_urlsafe(12))')
CREATE_USER_PASSWORD=$password flask create-user admin --email admin@example.com --admin
CREATE_USER_PASSWORD=$password flask set-password editor   # the seeded staff editor

cat <<MSG

  Demo ready in $project
  Log in at http://127.0.0.1:$port/accounts/login/ as admin / $password
  or as editor / $password (staff: may view and change messages only)
  (this password is shown once; set another with: flask set-password admin)

MSG
# Plain HTTP on loopback: let the session cookie travel without HTTPS. Mail is printed
# here (reset and signup links); admins may open the admin without a second factor.
FLASK_SESSION_COOKIE_SECURE=false FLASK_MAIL_BACKEND=console FLASK_AUTH_REQUIRE_2FA_FOR_STAFF=false exec "$python" -m flask run --host 127.0.0.1 --port "$port"

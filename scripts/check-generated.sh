#!/usr/bin/env bash
# Regenerates every generated artefact (SDL, codegen output, drizzle migrations) and fails when
# any of them differs from the tree: a change to types, operations or tables must be committed
# together with what it generates.
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -R schema migrations migrations-pg "$snapshot/"
mkdir -p "$snapshot/test" && cp -R test/generated "$snapshot/test/"

npx tsx scripts/emit-schema.ts >/dev/null
npx graphql-codegen --config codegen.yml --silent >/dev/null
npx drizzle-kit generate >/dev/null
npx drizzle-kit check >/dev/null
npx drizzle-kit generate --config drizzle.pg.config.ts >/dev/null
npx drizzle-kit check --config drizzle.pg.config.ts >/dev/null

status=0
for path in schema migrations migrations-pg test/generated; do
  if ! diff -r "$snapshot/$path" "$path" >/dev/null; then
    echo "generated artefacts drifted in $path/ (regenerated now; review and commit):" >&2
    diff -r "$snapshot/$path" "$path" >&2 || true
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "generated artefacts up to date: schema/schema.graphql, test/generated/, migrations/, migrations-pg/"
exit "$status"

#!/usr/bin/env bash
# Installs the packed tarball with --omit=dev into fresh projects, one "type": "commonjs" and one
# "type": "module", and uses it there as a user would: every command, a TypeScript engine written
# against syncbench/adapter (type-checked with a plain strict NodeNext tsconfig, its conformance
# suite under the project's own vitest, a run), a TypeScript scenario written against
# syncbench/scenario, a JSON scenario, and a short fuzz. The user's files are the examples/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/syncbench-installed.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "installed-package check: $(basename "$tarball"), $(tar -tzf "$tarball" | wc -l) files, $(du -k "$tarball" | cut -f1) KiB"
vitest_version="$(node -p "require('./package.json').devDependencies.vitest")"
ts_version="$(node -p "require('./package.json').devDependencies.typescript")"
types_node="$(node -p "require('./package.json').devDependencies['@types/node']")"

for type in commonjs module; do
  project="$work/user-$type"
  mkdir -p "$project"
  cd "$project"
  echo "--- a fresh \"type\": \"$type\" project"
  npm init -y >/dev/null
  npm pkg set type="$type"
  npm install --silent --no-audit --no-fund --omit=dev "$tarball"
  # The package's own dependencies only: nothing from syncbench's devDependencies may be needed.
  test ! -e node_modules/vitest && test ! -e node_modules/typescript
  cp "$repo/examples/lww-broadcast-engine.ts" "$repo/examples/lww-broadcast-engine.test.ts" \
    "$repo/examples/night-shift.ts" "$repo/examples/two-teams.json" .

  npx syncbench --help >/dev/null
  npx syncbench run --help >/dev/null
  npx syncbench list engines >/dev/null
  npx syncbench list scenarios >/dev/null
  npx syncbench run ./night-shift.ts --engines ./lww-broadcast-engine.ts,reference --scale ci --out out
  resumed=$(npx syncbench run ./night-shift.ts --engines ./lww-broadcast-engine.ts,reference --scale ci --out out --resume 2>&1)
  grep -q "kept from the earlier suite" <<<"$resumed"
  # Worker processes from the compiled package, a user's .ts engine in them; shards merged equal
  # the suite on one worker.
  npx syncbench run ./night-shift.ts concurrent-edits --engines ./lww-broadcast-engine.ts,reference,rxdb --scale ci --jobs 1 --out out-one >/dev/null 2>&1 || test $? -eq 1
  for i in 1 2; do
    npx syncbench run ./night-shift.ts concurrent-edits --engines ./lww-broadcast-engine.ts,reference,rxdb --scale ci --jobs 2 --shard "$i/2" --out "out-shard-$i" >/dev/null 2>&1 || test $? -eq 1
  done
  npx syncbench merge out-shard-1/results.json out-shard-2/results.json -o out-merged >/dev/null 2>&1 || test $? -eq 1
  node "$repo/.ci/same-results.mjs" out-one/results.json out-merged/results.json
  npx syncbench run ./two-teams.json --engines yjs --scale ci --out out-json
  # Loro runs its library's CommonJS build through node:vm, ShareDB its deep client import and
  # TinyBase its ESM subpaths: each must load from dist/ in an installed package as from the sources.
  npx syncbench run concurrent-edits --engines loro,sharedb,tinybase --scale ci --jobs 1 --out out-new-engines >/dev/null
  node "$repo/.ci/check-results.mjs" out-new-engines/results.json >/dev/null
  npx syncbench report out/results.json -o out/again.html
  test -s out/again.html
  npx syncbench gate --baseline out/results.json --current out/results.json >/dev/null
  npx syncbench bench --engines reference --scale ci --samples 5 -o out-bench >/dev/null
  npx syncbench fuzz --engines ./lww-broadcast-engine.ts,reference --runs 5 -o out-fuzz
  npx syncbench replay ./two-teams.json --engines reference --seed 1
  # The same engine as an .mts and a .cts module loads in either kind of project.
  for ext in mts cts; do
    cp lww-broadcast-engine.ts "lww-engine-copy.$ext"
    npx syncbench run concurrent-edits --engines "./lww-engine-copy.$ext" --scale ci --out "out-$ext" >/dev/null
  done

  # The user's own tools, installed after syncbench: the types must check without
  # allowImportingTsExtensions, and the conformance suite must run under the user's vitest.
  npm install --silent --no-audit --no-fund --save-dev "vitest@$vitest_version" \
    "typescript@$ts_version" "@types/node@$types_node"
  cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": false,
    "types": ["node"]
  },
  "include": ["*.ts"]
}
JSON
  npx tsc -p .
  npx vitest run --reporter=dot lww-broadcast-engine.test.ts
  cd "$repo"
done
echo "installed-package check: passed (commonjs and module projects)"

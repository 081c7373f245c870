#!/usr/bin/env bash
# Step 1 of action.yml: make ise-duo runnable and say how, in GITHUB_ENV (ISE_DUO_CLI, read by run.sh).
# With INPUT_PACKAGE (a tarball from `npm pack`, or a package spec of your own registry), npm installs it
# globally. Without, the action's own checkout is used: built once (npm ci + build) unless it has dist/.
set -euo pipefail
: "${GITHUB_ACTION_PATH:?run by action.yml, which sets GITHUB_ACTION_PATH}"
: "${GITHUB_ENV:?run by action.yml, which sets GITHUB_ENV}"

if [ -n "${INPUT_PACKAGE:-}" ]; then
  npm install --global --no-audit --no-fund "$INPUT_PACKAGE"
  cli="$(npm prefix --global)/bin/ise-duo"
else
  if [ ! -f "$GITHUB_ACTION_PATH/dist/cli.js" ]; then
    (cd "$GITHUB_ACTION_PATH" && npm ci --no-audit --no-fund && npm run build --silent)
  fi
  cli="$GITHUB_ACTION_PATH/dist/cli.js"
fi
[ -f "$cli" ] || { echo "::error::ise-duo was not installed: $cli does not exist"; exit 1; }
echo "ISE_DUO_CLI=$cli" >> "$GITHUB_ENV"
echo "ise-duo $(node "$cli" --version) at $cli"

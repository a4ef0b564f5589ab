#!/usr/bin/env bash
# setup.sh: installs everything the real-VS-Code e2e harness needs, idempotently: Debian packages
# (chromium, ripgrep, build deps of code-server's native modules, tools later features use), then
# `npm ci` in test/e2e with code-server's postinstall fed Debian's rg (no GitHub download) and its
# nested install's scripts approved for npm 11, then the two helm binaries. Root, or non-root when
# the Debian packages are already there. FORCE=1 reinstalls node_modules even when up to date.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
start=$SECONDS
say() { echo "[e2e setup +$((SECONDS - start))s] $*"; }

# 1. Debian packages, only when one is missing.
PKGS=(chromium libkrb5-dev ripgrep neovim docker-registry apache2-utils unzip)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n)
  else echo "setup.sh: missing Debian packages (${missing[*]}); run once as root" >&2; exit 1
  fi
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "Debian packages present"
fi

# 2. node_modules, skipped when the stamp says this lockfile was already installed completely.
stamp=node_modules/.shipshape-e2e-stamp
want=$(cat package.json package-lock.json .npmrc code-server-vscode.npmrc setup.sh | sha256sum | cut -d' ' -f1)
if [ "${FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  say "node_modules up to date"
else
  export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
  # node-gyp builds code-server's native modules: use this Node's own headers when it has them
  # (as this machine's root npmrc does with nodedir=/usr) instead of downloading them.
  prefix=$(dirname "$(dirname "$(command -v node)")")
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$prefix/include/node/node.h" ]; then export npm_config_nodedir="$prefix"; fi
  perm=()
  [ "$(id -u)" = 0 ] && perm=(--unsafe-perm=true)   # code-server's postinstall refuses root without it
  # Phase 1: unpack everything without running any install script.
  say "npm ci --ignore-scripts"
  npm ci --ignore-scripts --no-progress "${perm[@]}"
  vs=node_modules/code-server/lib/vscode
  # Debian's rg where @vscode/ripgrep's postinstall looks for a cached download (os.tmpdir()).
  rgver=$(node -p "require('./$vs/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")
  if [ "$(uname -m)" = x86_64 ]; then
    cache="${TMPDIR:-/tmp}"; cache="${cache%/}/vscode-ripgrep-cache-$rgver"
    asset="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
    if [ ! -s "$asset" ]; then
      mkdir -p "$cache"
      tar -czf "$asset.tmp" -C "$(dirname "$(command -v rg)")" rg && mv "$asset.tmp" "$asset"
    fi
    say "ripgrep cache: $asset"
  fi
  # Phase 2: approve the scripts of code-server's nested `npm install` in lib/vscode (its package.json
  # has no allowScripts; an allow-scripts in our config would be exported to the nested npm's env,
  # which npm rejects as a CLI flag), then run the install scripts that package.json allowScripts allows.
  cp code-server-vscode.npmrc "$vs/.npmrc"
  cp code-server-vscode.npmrc "$vs/extensions/.npmrc"
  say "npm rebuild (code-server postinstall, native modules)"
  npm rebuild --no-progress "${perm[@]}"
  for f in "$vs/node_modules/@vscode/ripgrep/bin/rg" "$vs/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
           "$vs/node_modules/node-pty/build/Release/pty.node" "$vs/node_modules.asar"; do
    [ -e "$f" ] || { echo "setup.sh: code-server postinstall incomplete: $f missing" >&2; exit 1; }
  done
  echo "$want" > "$stamp"
fi

# 3. Helm binaries out of the kubectl layers (once; cached in test/e2e/.tools).
node --import tsx lib/helm.ts
say "done"

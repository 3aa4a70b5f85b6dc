#!/bin/sh
# install.sh DIR - the peers of `make bench PEERS=1`, outside the sources:
# Carbone from the npm registry into DIR, relatorio from Debian.
set -e
dir=$1
if [ ! -d "$dir/node_modules/carbone" ]; then
  mkdir -p "$dir"
  command -v npm >/dev/null 2>&1 || { echo "bench: npm is missing: apt-get install npm" >&2; exit 1; }
  npm install --no-audit --no-fund --silent --prefix "$dir" carbone@3.8.2 >/dev/null
fi
if ! /usr/bin/python3 -c 'import relatorio' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-relatorio >/dev/null
  else
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-relatorio >/dev/null ||
      { echo "bench: install relatorio: sudo apt-get install python3-relatorio" >&2; exit 1; }
  fi
fi

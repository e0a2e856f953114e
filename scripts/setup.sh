#!/usr/bin/env bash
# Installs everything Mingzhang needs on a fresh Debian machine (LibreOffice, Chromium, poppler,
# CJK fonts), starts an installed but stopped PostgreSQL cluster, then runs `npm ci` once.
# Idempotent: Debian packages already present are not reinstalled. Prints each step.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui libreoffice-writer-nogui)
# LibreOffice is installed with calc alone on some machines; Word conversion needs writer too.
if command -v soffice >/dev/null 2>&1 && [ ! -e /usr/lib/libreoffice/program/swriter ] && ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1; then need+=(libreoffice-writer-nogui); fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then need+=(fonts-noto-cjk); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "setup: Debian packages already present (soffice, chromium, pdftotext, Noto Sans CJK)"
fi

# PostgreSQL is the production store; start the local cluster when it is installed but stopped.
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 2>/dev/null; then
  echo "setup: starting the local PostgreSQL cluster"
  for v in $(ls /etc/postgresql 2>/dev/null); do
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
  done
fi

# Native addons build against the local Node headers (no download from nodejs.org).
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
echo "setup: installing npm packages (npm ci)"
npm ci --no-audit --no-fund

#!/usr/bin/env bash
# Installs the Debian packages Yidang's PDFs and browser tests need, when they are missing
# (Chromium, the CJK font, poppler-utils and zbar-tools to read printed labels back in tests).
# Never downloads a browser of its own: the tests drive Debian's chromium.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list -q "Noto Sans CJK SC" 2>/dev/null || missing+=(fonts-noto-cjk)  # not `fc-list | grep -q`: grep quits first, fc-list dies of SIGPIPE, pipefail calls it missing
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)  # tests read printed PDFs (pdftotext, pdftoppm)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)  # tests decode the QR codes on printed labels
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)  # backups of PostgreSQL (pg_dump, pg_restore)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "need root to install ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null

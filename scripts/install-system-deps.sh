#!/usr/bin/env bash
# Debian/Ubuntu: LibreOffice (for PDF), poppler (pdffonts, pdftoppm), Unihan data, the Chinese
# fonts zonedocs maps the Word font names onto, and Chromium (the web page's browser test drives
# it through Playwright). Run as root; safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk fontconfig unicode-data chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

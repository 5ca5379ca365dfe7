#!/usr/bin/env bash
# Install the open Chinese faces zonedocs maps the Word font names onto, and the mapping itself.
#   Fandol 仿宋/宋/楷/黑: taken out of Debian's texlive-lang-chinese without installing TeX.
#   Noto CJK SC: Debian's fonts-noto-cjk.
# As root: system-wide (/usr/local/share/fonts/zonedocs, /etc/fonts/conf.d).
# As a user: ~/.local/share/fonts/zonedocs and ~/.config/fontconfig/conf.d (needs apt-get
# download to work, and fonts-noto-cjk installed by an administrator).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$(id -u)" = "0" ]; then
  fonts=/usr/local/share/fonts/zonedocs
  confd=/etc/fonts/conf.d
  export DEBIAN_FRONTEND=noninteractive
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || {
    apt-get update -qq; apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig; }
else
  fonts="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/zonedocs"
  confd="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
fi
mkdir -p "$fonts" "$confd"
if ! ls "$fonts"/FandolFang-Regular.otf >/dev/null 2>&1; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -o APT::Sandbox::User=root texlive-lang-chinese >/dev/null)
  dpkg -x "$work"/texlive-lang-chinese_*.deb "$work/x"
  find "$work/x" -path '*fandol*' -name 'Fandol[FSKH]*.otf' -exec cp {} "$fonts/" \;
fi
cp "$here/fonts/zonedocs-fonts.conf" "$confd/65-zonedocs-fonts.conf"
fc-cache -f >/dev/null 2>&1 || true
echo "fonts: $(ls "$fonts" | tr '\n' ' ')"
for name in 仿宋_GB2312 楷体_GB2312 黑体 宋体 方正小标宋简体; do
  printf '  %s -> %s\n' "$name" "$(fc-match "$name" family style | head -1)"
done

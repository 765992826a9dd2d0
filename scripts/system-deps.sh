#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing (root or sudo, Debian/Ubuntu).
#   scripts/system-deps.sh run    gettext (translations), Pango and fonts (WeasyPrint PDFs), Node.js and npm when
#                                 missing (the browser libraries in package.json)
#   scripts/system-deps.sh test   the above plus Chromium (browser tests), PostgreSQL (second test run) and qpdf
#                                 (checks that certificate PDFs are well-formed)
set -euo pipefail
profile=${1:-run}
packages=(gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$profile" = test ]; then
    packages+=(chromium postgresql qpdf)
fi
# Browser libraries come from npm (package.json); a Node.js the machine already has (20 or newer) is used as it is.
if ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

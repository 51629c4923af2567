#!/usr/bin/env bash
# Installs a software Vulkan device (Mesa >= 25 lavapipe from Debian bookworm-backports) and the
# Vulkan loader, so that the `webgpu` npm package (Dawn) finds an adapter on a machine with no GPU.
# Bookworm's own Mesa 22.3 lacks features Dawn requires and yields no adapter.
#
# Idempotent: when a lavapipe from Mesa >= 25 is already installed it exits at once.
# Needs root (or sudo) and apt; non-interactive. Usage: scripts/install-lavapipe.sh
set -euo pipefail

MIN_MESA_MAJOR=25
ICD_GLOB='/usr/share/vulkan/icd.d/lvp_icd*.json'

mesa_major() {
  local v
  v=$(dpkg-query -W -f='${Status} ${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  case "$v" in
    'install ok installed '*) v=${v##* }; v=${v#*:}; echo "${v%%.*}" ;;
    *) echo 0 ;;
  esac
}

have_lavapipe() {
  local major
  major=$(mesa_major)
  [ "$major" -ge "$MIN_MESA_MAJOR" ] 2>/dev/null || return 1
  # shellcheck disable=SC2086
  compgen -G "$ICD_GLOB" >/dev/null || return 1
  dpkg-query -W -f='${Status}' libvulkan1 2>/dev/null | grep -q 'install ok installed'
}

if have_lavapipe; then
  echo "install-lavapipe: mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) already installed"
  exit 0
fi

if [ ! -r /etc/os-release ] || ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
  echo "install-lavapipe: this script targets Debian 12 (bookworm); install Mesa >= $MIN_MESA_MAJOR's" \
    "mesa-vulkan-drivers and libvulkan1 with your distribution's package manager instead" >&2
  exit 1
fi

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO='sudo'; else
    echo "install-lavapipe: needs root (or sudo) to run apt-get" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
LIST=/etc/apt/sources.list.d/bookworm-backports.list
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo 'deb http://deb.debian.org/debian bookworm-backports main' | $SUDO tee "$LIST" >/dev/null
fi

APT_OPTS=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
  -o DPkg::Lock::Timeout=600 --no-install-recommends)
$SUDO apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null
$SUDO apt-get install "${APT_OPTS[@]}" -t bookworm-backports mesa-vulkan-drivers libvulkan1

if ! have_lavapipe; then
  echo "install-lavapipe: mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || echo missing)" \
    "is older than Mesa $MIN_MESA_MAJOR or has no lavapipe ICD ($ICD_GLOB)" >&2
  exit 1
fi
echo "install-lavapipe: installed mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"

#!/bin/sh
# Sets up a fresh Loa receiver (Debian 12 / Raspberry Pi OS bookworm or later, systemd, Java 21 or newer):
# user loa, folders, trusted release keys, the launcher, the first release in slot A (verified, committed),
# loa.json, the systemd unit and the polkit rule for Device Reboot. Run as root from an unpacked source or
# release tree (it reads packaging/ beside itself). docs/ota.md, "Installing a new receiver", explains each step.
#
# Usage: sudo packaging/install.sh --bundle BUNDLE.zip|DIR --trust RELEASE.pub [--trust MORE.pub]...
#                                  [--launcher launcher.jar] [--config loa.json] [--board NAME] [--no-start]
#   --bundle    a signed bundle from './loa release build' (or its unzipped folder); not needed when
#               /opt/loa/current exists: a re-run keeps the installed release (it updates over LwM2M) and
#               refreshes the rest (unit, polkit rule, launcher, keys, config)
#   --trust     a release public key the device trusts (repeatable); copied to /etc/loa/trust/
#   --launcher  the launcher jar (default: ota/target/loa-ota-*-launcher.jar of this tree)
#   --config    loa.json to install as /etc/loa/loa.json (default: keep the one there)
#   --board     refuse a bundle not built for this board (e.g. raspberry-pi-4)
#   --no-start  enable the service but do not start it
# Exit codes: 0 installed, 1 a step failed (the message says which), 2 usage error.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=$(dirname "$here")
java=/usr/bin/java
root=/opt/loa
state=/var/lib/loa/ota
etc=/etc/loa
bundle=
launcher=
config=
board=
start=yes
trust_keys=

usage() { sed -n '/^# Usage:/,/^# Exit codes/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fail() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) [ $# -ge 2 ] || usage; bundle=$2; shift 2 ;;
        --trust) [ $# -ge 2 ] || usage; trust_keys="$trust_keys
$2"; shift 2 ;;
        --launcher) [ $# -ge 2 ] || usage; launcher=$2; shift 2 ;;
        --config) [ $# -ge 2 ] || usage; config=$2; shift 2 ;;
        --board) [ $# -ge 2 ] || usage; board=$2; shift 2 ;;
        --no-start) start=no; shift ;;
        -h|--help) usage ;;
        *) echo "install.sh: unknown option '$1'" >&2; usage ;;
    esac
done
installed=no
[ -L "$root/current" ] && installed=yes
[ -n "$bundle" ] || [ "$installed" = yes ] || { echo "install.sh: --bundle is required ($root/current does not exist yet)" >&2; usage; }
[ -n "$trust_keys" ] || [ "$installed" = yes ] || { echo "install.sh: --trust is required (the release public key)" >&2; usage; }
[ "$(id -u)" = 0 ] || fail "run me as root (sudo): I create user loa and write /opt, /etc and /var/lib"
[ -z "$bundle" ] || [ -e "$bundle" ] || fail "--bundle $bundle: no such file or folder"
if [ -z "$launcher" ]; then
    for j in "$tree"/ota/target/loa-ota-*-launcher.jar; do [ -f "$j" ] && launcher=$j; done
    [ -n "$launcher" ] || fail "no launcher jar in $tree/ota/target (run 'mvn -B package' there, or pass --launcher)"
fi
[ -f "$launcher" ] || fail "--launcher $launcher: no such file"
[ -z "$config" ] || [ -f "$config" ] || fail "--config $config: no such file"
[ -x "$java" ] || fail "$java not found: install a JDK or JRE 21 or newer (apt-get install openjdk-21-jre-headless or newer); loa.service runs $java"
for f in "$here/loa.service" "$here/polkit/50-loa-reboot.rules"; do [ -f "$f" ] || fail "$f is missing from this tree"; done

echo "== user loa (groups gpio, audio)"
for g in gpio audio; do getent group "$g" >/dev/null || groupadd --system "$g"; done
if ! id loa >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/loa --no-create-home --shell /usr/sbin/nologin --user-group loa
fi
usermod -a -G gpio,audio loa

echo "== folders"
install -d -o loa -g loa -m 0755 "$root" /var/lib/loa "$state"
install -d -o root -g loa -m 0775 "$etc"
install -d -o loa -g loa -m 0755 "$etc/trust"

echo "== trusted release keys -> $etc/trust"
echo "$trust_keys" | while IFS= read -r k; do
    [ -n "$k" ] || continue
    [ -f "$k" ] || fail "--trust $k: no such file"
    install -o loa -g loa -m 0644 "$k" "$etc/trust/$(basename "$k" .pub).pub"
done

echo "== launcher -> $root/launcher.jar"
install -o root -g root -m 0644 "$launcher" "$root/launcher.jar"

if [ "$installed" = yes ]; then
    echo "== $root/current exists: keeping the installed release (a running receiver updates over LwM2M)"
else
    echo "== first release -> $root/slots/A"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    if [ -d "$bundle" ]; then
        cp -r "$bundle/." "$work/"
    else
        command -v unzip >/dev/null || fail "unzip not found (apt-get install unzip), or pass the unzipped bundle folder"
        unzip -q "$bundle" -d "$work"
    fi
    chmod -R a+rX "$work"
    set -- release install "$work" --trust "$etc/trust" --root "$root" --state "$state"
    [ -z "$board" ] || set -- "$@" --board "$board"
    # the bundle's own agent installs it, as user loa so that every file belongs to the service's user
    runuser -u loa -- "$java" -cp "$work/app/*:$work/lib/*" vn.loa.agent.Main "$@" \
        || fail "the first install failed (above); nothing was switched"
fi

if [ -n "$config" ]; then
    echo "== $config -> $etc/loa.json"
    install -o root -g loa -m 0640 "$config" "$etc/loa.json"
fi

echo "== systemd unit and polkit rule"
install -o root -g root -m 0644 "$here/loa.service" /etc/systemd/system/loa.service
install -d -m 0755 /etc/polkit-1/rules.d
install -o root -g root -m 0644 "$here/polkit/50-loa-reboot.rules" /etc/polkit-1/rules.d/50-loa-reboot.rules
command -v pkaction >/dev/null || echo "install.sh: polkit is not installed (apt-get install polkitd): Device Reboot will fail until it is" >&2
systemctl daemon-reload
systemctl enable loa.service

if [ ! -f "$etc/loa.json" ]; then
    echo "install.sh: no $etc/loa.json yet: write it (docs/architecture.md, README), then 'systemctl start loa'" >&2
elif [ "$start" = yes ]; then
    systemctl restart loa.service
    echo "== loa started: journalctl -u loa -f"
fi
echo "installed"

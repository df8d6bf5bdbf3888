#!/usr/bin/env bash
# The operator guide's extend.sh, on the main (signaling) host: the same arguments, run by ./switchboard extend.
#   dist/extend.sh run -s media-server-only -n media-server-1 -a 192.168.1.21
#   dist/extend.sh start|stop|restart|rm|upgrade [-s TYPE] [-n NAME] [-a IP] [--purge] [--drain-timeout 30m] [--force]
# TYPE: media-server-only, queue-server-only, meeting-server-only, ivr-server-only (vr-server-only is taken for IVR).
# Every option of './switchboard extend --help' passes through (--api, --admin-password, --ssh-config, --archive ...).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
for root in "$here/.." "$here"; do
  if [ -x "$root/switchboard" ]; then cd "$root" && exec ./switchboard extend "$@"; fi   # the repository
  if [ -x "$root/bin/switchboard" ]; then cd "$root" && exec ./bin/switchboard extend "$@"; fi   # an installation
done
echo "extend.sh: no switchboard launcher next to $here (expected ../switchboard or ../bin/switchboard)" >&2
exit 2

#!/usr/bin/env bash
# Runs the `dotnet publish` output exactly as the Docker image's ENTRYPOINT does (same command, same environment
# variables as the Dockerfile's ENV, as a non-root user when run as root), then checks the container HEALTHCHECK
# command (--probe on /api/v1/health/live) and one upload through the API. Docker itself is not needed.
set -uo pipefail
cd "$(dirname "$0")/.."
port=${CHECK_PORT:-5102}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
dotnet publish SegmentIQ.Web/SegmentIQ.Web.csproj -c Release -o "$work/app" -v quiet >/dev/null || { echo "publish FAILED"; exit 1; }
mkdir -p "$work/data/library" "$work/data/exchange"
key="check-published-$(date +%s%N)"
# A server already answering on the port (say, one left by an earlier run) would be checked instead of this one.
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "published app: port $port is already in use; set CHECK_PORT to a free port"; exit 1
fi
# The Dockerfile's ENV, with the container paths mapped into the work folder and the port onto loopback.
# exec: $pid is then the app itself, so the trap stops it (killing a subshell left the app running).
(cd "$work/app" && exec env -i PATH="$PATH" HOME="$work" DOTNET_CLI_HOME="$work" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production DOTNET_gcServer=0 \
    SegmentIQ__LibraryPath="$work/data/library" SegmentIQ__ScheduleFolders__0="$work/data/exchange" \
    SegmentIQ__UploadFolder="$work/data/uploads" SegmentIQ__Api__Keys__0="$key" \
    dotnet SegmentIQ.Web.dll >"$work/app.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
    (cd "$work/app" && dotnet SegmentIQ.Web.dll --probe "http://127.0.0.1:$port/api/v1/health/live") && break
    sleep 1
done
if ! (cd "$work/app" && dotnet SegmentIQ.Web.dll --probe "http://127.0.0.1:$port/api/v1/health/live"); then
    echo "published app: health/live FAILED"; tail -n 40 "$work/app.log"; exit 1
fi
echo "published app: health/live answers (HEALTHCHECK command exit 0)"
status=$(curl -s -o "$work/upload.json" -w '%{http_code}' -H "X-Api-Key: $key" \
    -F "file=@SegmentIQ.Web/Data/online-retail-sample.csv.gz" "http://127.0.0.1:$port/api/v1/datasets")
if [ "${status:0:1}" != "2" ]; then
    echo "published app: upload FAILED (HTTP $status)"; cat "$work/upload.json"; tail -n 40 "$work/app.log"; exit 1
fi
echo "published app: upload of the sample answered HTTP $status"
grep -q 'Content-Security-Policy' <(curl -sI "http://127.0.0.1:$port/api/v1/health/live") || { echo "published app: no CSP header"; exit 1; }
echo "published app: security headers present"

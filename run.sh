#!/usr/bin/env bash
# Starts AuthServer (5100), ResourceApi (5200) and DemoClient (5300), waits until each is healthy, runs the
# headless walk once so you see the flow, then keeps the stack running until Ctrl-C.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

services=("AuthServer:5100" "ResourceApi:5200" "DemoClient:5300")
pids=()
logs=$(mktemp -d)

stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  echo "Stopped. Logs were in $logs"
}
trap 'stop; exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for entry in "${services[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  if port_in_use "$port"; then
    echo "error: port $port (for $name) is already in use. Stop whatever listens there, or set ASPNETCORE_URLS for $name." >&2
    exit 1
  fi
done

echo "Building..."
for entry in "${services[@]}"; do
  dotnet build "${entry%%:*}" -v quiet -nologo -clp:ErrorsOnly || { echo "error: the build of ${entry%%:*} failed" >&2; exit 1; }
done

for entry in "${services[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  # Each service runs from its own folder so its content root (data/, appsettings.json) is its project.
  (cd "$name" && ASPNETCORE_ENVIRONMENT=Development exec dotnet run --no-build --no-launch-profile -- --urls "http://localhost:$port") \
    >"$logs/$name.log" 2>&1 &
  pids+=($!)
done

for i in "${!services[@]}"; do
  name=${services[$i]%%:*}; port=${services[$i]##*:}
  printf 'Waiting for %s on http://localhost:%s ' "$name" "$port"
  for _ in $(seq 1 60); do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo; echo "error: $name exited while starting. Its log ($logs/$name.log) ends with:" >&2
      tail -n 20 "$logs/$name.log" >&2; stop; exit 1
    fi
    curl -fsS "http://localhost:$port/health" >/dev/null 2>&1 && break
    printf '.'; sleep 1
  done
  if ! curl -fsS "http://localhost:$port/health" >/dev/null 2>&1; then
    echo; echo "error: $name did not become healthy within 60 s; see $logs/$name.log" >&2; stop; exit 1
  fi
  echo " healthy"
done

echo
(cd DemoClient && dotnet run --no-build --no-launch-profile -- walk) || echo "The walk failed; the stack keeps running so you can look." >&2

echo
echo "The stack is running. Open http://localhost:5300 to walk the flow in a browser (http://localhost:5300/spa for the"
echo "browser-app version, a public client). Ctrl-C stops all three."
wait

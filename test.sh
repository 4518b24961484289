#!/usr/bin/env bash
# Builds (warnings are errors) and runs every test; ends with one line: 'N passed, N failed, N skipped'.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null || exit 1
dotnet build OAuthSuite.sln -c Release || exit 1

results=$(mktemp -d)
dotnet test OAuthSuite.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@"
rc=$?

# Count from the TRX files: VSTest's own summary lines are not what CI reads.
cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); n[kv[1]] += kv[2] } }
  END { printf "%d passed, %d failed, %d skipped\n", n["passed"], n["failed"] + n["error"] + n["timeout"], n["notExecuted"] }'
exit $rc

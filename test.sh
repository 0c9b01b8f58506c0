#!/usr/bin/env bash
# The one test command: builds everything with warnings as errors, runs every test project, and ends with the line
# "N passed, N failed[, N skipped]" summed from the TRX result files the runs write.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Real peers the integration tests drive: Chromium for the web UI's browser tests, kcat and Python's kafka client for
# the Kafka cross-client tests. Installed only when missing, so a developer's machine is left alone.
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
command -v kcat >/dev/null || needed+=(kcat)
/usr/bin/python3 -c "import kafka" 2>/dev/null || needed+=(python3-kafka)
if [ ${#needed[@]} -gt 0 ]; then
  echo "Installing ${needed[*]} for the integration tests."
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo -n)
  "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${needed[@]}" >/dev/null \
    || echo "Could not install ${needed[*]}: the tests that need them will fail."
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

if ! dotnet build Ember.slnx -c Release -nologo -clp:NoSummary -warnaserror; then
  echo "The build failed: no test ran."
  echo "0 passed, 0 failed"
  exit 1
fi

dotnet test Ember.slnx -c Release --no-build --nologo --logger trx --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1200000
status=$?

sum() { # sums one attribute of the <Counters> element over every TRX file
  grep -ho "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{ s += $1 } END { print s + 0 }'
}
passed=$(sum passed)
failed=$(( $(sum failed) + $(sum error) + $(sum timeout) + $(sum aborted) ))
skipped=$(sum notExecuted)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "The test run exited with status $status without a failed test: counting the run itself as a failure."
  failed=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

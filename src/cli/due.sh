#!/bin/sh
# Whether the scheduled deploy has to build, decided in seconds with one request and no
# npm install: the published /api/build.json says when the page next changes by itself
# (next_change_at) and which content commit it was built from.
#
# Environment:
#   BUILD_JSON_URL    the published build.json, e.g. https://status.example.com/api/build.json
#   CONTENT_COMMIT    the last commit that touched content/ now (empty: not compared)
#   INTERVAL_MINUTES  minutes between scheduled runs (default 10)
#   NOW               the current instant, for tests (default: the real time; any `date -d` form)
#
# Prints one line, "build: <why>" or "not due: <why>", and exits 0. With GITHUB_OUTPUT set,
# also writes due=true|false and wait_seconds=N there: when the next change falls before
# the next scheduled run, the build job waits until that instant before building.
set -eu

interval=$(( ${INTERVAL_MINUTES:-10} * 60 ))
now=$(date -u -d "${NOW:-now}" +%s)

decide() {
  # $1 true|false, $2 seconds to wait, $3 why
  if [ "$1" = true ]; then echo "build: $3"; else echo "not due: $3"; fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'due=%s\nwait_seconds=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"
  fi
  exit 0
}

if ! body=$(curl -fsS --max-time 20 "$BUILD_JSON_URL" 2>&1); then
  decide true 0 "no build.json at $BUILD_JSON_URL ($body)"
fi
# One field of the flat JSON document; empty for null.
field() {
  printf '%s' "$body" | tr -d '\n' | sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p"
}

commit=$(field commit)
if [ -n "${CONTENT_COMMIT:-}" ] && [ "$commit" != "$CONTENT_COMMIT" ]; then
  decide true 0 "the page was built from ${commit:-no commit}, the content is at $CONTENT_COMMIT"
fi
next=$(field next_change_at)
if [ -z "$next" ]; then
  decide false 0 "the page does not change by itself (its clock is pinned)"
fi
next_s=$(date -u -d "$next" +%s)
if [ "$next_s" -le "$now" ]; then
  decide true 0 "it changed by itself at $next"
fi
if [ "$next_s" -le $(( now + interval )) ]; then
  decide true $(( next_s - now )) "it changes at $next, before the next run; waiting $(( next_s - now )) s"
fi
decide false 0 "next change at $next, in $(( (next_s - now) / 60 )) minutes"

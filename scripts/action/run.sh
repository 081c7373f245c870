#!/usr/bin/env bash
# Step 2 of action.yml: run one ise-duo command, keep its report in a file, and hand the exit code and the
# report's path to later steps (GITHUB_OUTPUT) and the report to the job summary (GITHUB_STEP_SUMMARY).
# The exit code is an output rather than only the step's status, because 2 (changes, drift) is news for
# the next steps (comment the plan, open a drift issue), not a failure; INPUT_OK_EXIT_CODES decides which
# codes fail the step. Inputs arrive as INPUT_* variables; nothing here sees a secret but through ise-duo.
set -euo pipefail
: "${GITHUB_OUTPUT:?run by action.yml, which sets GITHUB_OUTPUT}"
cli="${ISE_DUO_CLI:?install.sh sets ISE_DUO_CLI}"
command="${INPUT_COMMAND:-}"
format="${INPUT_FORMAT:-markdown}"

fail() {
  echo "::error::$1"
  exit 1
}

case "$command" in
  validate | plan | apply | drift) ;;
  *) fail "input command must be validate, plan, apply or drift, not \"$command\"" ;;
esac
case "$format" in
  markdown | json | text) ;;
  *) fail "input format must be markdown, json or text, not \"$format\"" ;;
esac
# validate has no markdown: its text lines (file:line:column) go into the summary as they are.
[ "$command" = validate ] && [ "$format" = markdown ] && format=text

set -f # no globbing: a path or flag is taken as written
read -r -d '' -a files <<< "${INPUT_FILES:-}" || true # to the end: new lines separate like spaces
read -r -d '' -a extra <<< "${INPUT_ARGS:-}" || true # new lines too: a YAML block of flags
read -r -d '' -a ok_codes <<< "${INPUT_OK_EXIT_CODES:-0 2}" || true
set +f
[ "${#files[@]}" -gt 0 ] || fail "input files names no file or folder"

args=("$command" "${files[@]}" --format "$format")
case "$command" in
  plan) [[ " ${extra[*]} " == *" --detailed-exitcode "* ]] || args+=(--detailed-exitcode) ;;
  apply) [[ " ${extra[*]} " == *" --yes "* ]] || args+=(--yes) ;;
esac
args+=("${extra[@]}")

case "$format" in markdown) ext=md ;; json) ext=json ;; *) ext=txt ;; esac
report="${INPUT_REPORT_FILE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ise-duo-$command.$ext}"
mkdir -p "$(dirname "$report")"

echo "ise-duo ${args[*]}"
set +e
node "$cli" "${args[@]}" > "$report"
code=$?
set -e
cat "$report"
if [ "$command" = validate ] && [ "$format" = text ]; then
  # file:line:column lines as workflow annotations, so a pull request shows them on the lines they are about
  sed -nE 's/^(.+):([0-9]+):([0-9]+): (error|warning): (.*)$/::\4 file=\1,line=\2,col=\3::\5/p' "$report"
fi

{
  echo "exit-code=$code"
  echo "report=$report"
} >> "$GITHUB_OUTPUT"

if [ "${INPUT_STEP_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  case "$format" in
    markdown) cat "$report" >> "$GITHUB_STEP_SUMMARY" ;;
    *) printf '### ise-duo %s: exit %s\n\n```%s\n%s\n```\n' "$command" "$code" "$ext" "$(cat "$report")" >> "$GITHUB_STEP_SUMMARY" ;;
  esac
fi

for ok in "${ok_codes[@]}"; do
  [ "$code" = "$ok" ] && exit 0
done
case "$code" in
  1) meaning="an error: invalid input, ISE unreachable or failing; nothing was written" ;;
  2) meaning="changes pending, or drift" ;;
  3) meaning="refused, nothing written: a critical change without --allow-critical, or a stale plan" ;;
  4) meaning="applied, but a fresh plan still shows changes" ;;
  5) meaning="ISE was changed, then the run failed before verifying it: the report says what was written" ;;
  130) meaning="interrupted: no write was sent after the signal" ;;
  *) meaning="see the log above" ;;
esac
echo "::error::ise-duo $command exited $code: $meaning"
exit "$code"

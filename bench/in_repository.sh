# Sourced by the benchmark scripts, with no arguments, before anything else:
# the paths the caller gave (relative to where it runs) are made absolute in
# the script's own arguments, then the script moves to the repository's root,
# where its defaults (build/release/app/drillsim, configs/...) are.
caller_args=()
for a in "$@"; do
  [[ -e "$a" ]] && a="$(realpath -- "$a")"
  caller_args+=("$a")
done
set -- "${caller_args[@]}"
unset caller_args a
cd "$(dirname "${BASH_SOURCE[0]}")/.."

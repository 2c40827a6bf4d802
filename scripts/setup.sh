#!/usr/bin/env bash
# One-step set-up for a fresh Debian 12 machine: installs the Debian packages
# drillsim needs (only those missing; with sudo when not root), configures,
# builds, and then does one job:
#   scripts/setup.sh run    release build of the drillsim program only (no
#                           tests, no benchmarks), then the main job on a
#                           bundled drill
#   scripts/setup.sh test   CI build (warnings are errors) + the whole test
#                           suite, then the same suite under ASan + UBSan, the
#                           threaded tests under TSan, and the fuzzers (30 s each)
#   scripts/setup.sh bench  release build + python3-simpy, then the stress tool
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

job="${1:-run}"
case "$job" in
  run | test | bench) ;;
  *)
    echo "usage: scripts/setup.sh [run|test|bench]" >&2
    exit 64
    ;;
esac

packages=(
  cmake g++ make git pkg-config
  ninja-build         # the build tool the CMake presets use: it keeps both cores busy to the end
  libboost-dev        # Boost.Math (confidence intervals), Asio and Beast (the live server)
  libyaml-cpp-dev     # drill files
  libprotobuf-dev protobuf-compiler  # messages, traces and result summaries
  libcli11-dev        # the command line
  libssl-dev          # OpenSSL libcrypto: SHA-256 of drill files in result manifests
  libsqlite3-dev      # SQLite: sweep.db, the database of a sweep's results
  libgtest-dev libgmock-dev  # the test suite
  libbenchmark-dev    # micro-benchmarks of the event queue
  libjs-leaflet libjs-dygraphs  # the report page's map and charts, embedded in report.html at build time
)
if [[ "$job" == test ]]; then
  # Independent readers of the result files: promtool checks metrics.prom,
  # Python's protobuf reads summary.pb and events.pb.
  packages+=(prometheus python3-protobuf)
  # Real clients of the report page and the live server: a headless browser,
  # a WebSocket client and an iCalendar parser that are not the project's.
  packages+=(chromium python3-websockets python3-icalendar)
  # The fuzz preset: clang with libFuzzer (fuzz/).
  packages+=(clang libfuzzer-14-dev)
fi
if [[ "$job" == test || "$job" == bench ]]; then
  # OpenMPI: sweeps across ranks (sweep/mpi_executor.hpp); the ci preset
  # requires it, and the tests and bench/sweep_scaling.sh run two ranks.
  packages+=(libopenmpi-dev openmpi-bin)
fi
if [[ "$job" == bench ]]; then
  packages+=(python3-simpy)  # the SimPy baseline of the stress tool
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

case "$job" in
  run)
    # Only what the main job runs: the drillsim target and what it links
    # (the test suite and the micro-benchmarks are left unbuilt).
    cmake --preset release >/dev/null
    cmake --build --preset release --target drillsim
    ./build/release/app/drillsim run configs/small.yaml --out out/small
    ;;
  test)
    cmake --preset ci >/dev/null
    cmake --build --preset ci
    ctest --preset ci
    cmake --preset asan-ubsan >/dev/null
    cmake --build --preset asan-ubsan
    ctest --preset asan-ubsan
    # ThreadSanitizer on the code that runs on several threads (the engine:
    # replications, stop and run control, the run threads; the report's and
    # the server's threads; a sweep's executor and driver); builds only
    # those tests.
    cmake --preset tsan >/dev/null
    cmake --build --preset tsan
    ctest --preset tsan
    # Every libFuzzer harness for a fixed budget on its corpus.
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz
    fuzz/run.sh build/fuzz 30
    ;;
  bench)
    cmake --preset release >/dev/null
    cmake --build --preset release --target drillsim
    ./build/release/app/drillsim bench all
    ;;
esac

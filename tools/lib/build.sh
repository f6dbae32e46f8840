# Sourced by tools/streamlab and tools/test: install dependencies, configure
# once, build incrementally. Sets STREAMLAB_BUILD_DIR.
#
# STREAMLAB_SANITIZE=address,undefined selects a separate sanitizer build.
# STREAMLAB_BUILD_DIR overrides where the build goes.

streamlab_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

streamlab_build() {
  "$streamlab_root/tools/install-deps" "$@"
  local sanitize=${STREAMLAB_SANITIZE:-}
  if [[ -z "${STREAMLAB_BUILD_DIR:-}" ]]; then
    if [[ -n "$sanitize" ]]; then
      STREAMLAB_BUILD_DIR="$streamlab_root/build-sanitize"
    else
      STREAMLAB_BUILD_DIR="$streamlab_root/build"
    fi
  fi
  export STREAMLAB_BUILD_DIR
  local log="$STREAMLAB_BUILD_DIR/last-build.log"
  mkdir -p "$STREAMLAB_BUILD_DIR"
  if [[ ! -f "$STREAMLAB_BUILD_DIR/build.ninja" ]]; then
    echo "streamlab: configuring $STREAMLAB_BUILD_DIR (the first build takes a few minutes)" >&2
    # Sanitizer builds are Debug: they compile much faster and report better.
    local build_type=RelWithDebInfo
    [[ -n "$sanitize" ]] && build_type=Debug
    if ! cmake -S "$streamlab_root" -B "$STREAMLAB_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
        -DSTREAMLAB_SANITIZE="$sanitize" >"$log" 2>&1; then
      cat "$log" >&2
      echo "streamlab: cmake configure failed (log: $log)" >&2
      return 1
    fi
  fi
  if ! ninja -C "$STREAMLAB_BUILD_DIR" >"$log" 2>&1; then
    cat "$log" >&2
    echo "streamlab: build failed (log: $log)" >&2
    return 1
  fi
}

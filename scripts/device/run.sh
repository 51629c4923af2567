#!/usr/bin/env bash
# aug's GPU check in one command (scripts/device/README.md). Built into .device/ by `pnpm device:kit`;
# on the device machine: `bash .device/run.sh` (carry [".device"]). Needs only bash, coreutils, python3
# (PyTorch for the peer step) and a GPU driver with Vulkan: Node.js, the bundle, the Dawn module, the
# Vulkan/GL loaders and the data come from the kit.
#
#   1. unpack into a scratch folder, print the WebGPU adapter (useBackend('webgpu'): vendor, architecture, limits)
#   2. ResNet-18 training-step img/s at batch 256 and 32, and inference img/s at batch 256, on WebGPU
#   3. the same in PyTorch on the same GPU: fp32, fp32 without TF32, channels_last + AMP
#   4. the seed preset (batch 256, Adam 1e-3, flip, Xavier) on the kit's CIFAR-10 for the time that is left
#   5. $OUT/results.json (every step's results or error), $OUT/curves.png, $OUT/run.log
#
# Each step runs under its own `timeout`; a failing step leaves the others' results. About 8 minutes in
# all (AUG_DEVICE_BUDGET_S, default 480). `--smoke`: tiny sizes (width 8, a few hundred images), a software
# adapter allowed (AUG_WEBGPU_ALLOW_SOFTWARE=1), PyTorch on the CPU when there is no CUDA: the whole path in
# a few minutes on Mesa lavapipe (scripts/install-lavapipe.sh). OUT defaults to ./device-out.
set -u -o pipefail

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

KIT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
MODE=full
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (only --smoke and --help)" >&2; exit 2 ;;
  esac
done

OUT=${OUT:-$PWD/device-out}
mkdir -p "$OUT" && OUT=$(cd -- "$OUT" && pwd) || { echo "run.sh: cannot create OUT=$OUT" >&2; exit 1; }
WORK=${AUG_DEVICE_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/aug-device.XXXXXX")}
PARTS=$WORK/parts
mkdir -p "$PARTS" "$WORK/bin"
LOG=$OUT/run.log
: >"$LOG"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
T0=$(date +%s)
PY=${AUG_PYTHON:-python3}
# The peer step needs a python3 with PyTorch: when the first one on PATH has none, try the system's.
if [ -z "${AUG_PYTHON:-}" ] && ! "$PY" -c 'import torch' >/dev/null 2>&1 && /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  PY=/usr/bin/python3
fi

if [ "$MODE" = smoke ]; then
  TOTAL=${AUG_DEVICE_BUDGET_S:-420}
  export AUG_WEBGPU_ALLOW_SOFTWARE=${AUG_WEBGPU_ALLOW_SOFTWARE:-1}
  WIDTH=8; BATCHES=4,2; INFER=4; TRAIN_BATCH=16; SUBSET=48; TEST_SUBSET=16; MAX_EPOCHS=2
  WG_ARGS=(--warmup 1 --steps 2 --seconds 5); TORCH_ARGS=(--device auto --warmup 1 --steps 2 --min-seconds 0.2)
  L_ADAPTER=60; L_SPEED=150; L_TORCH=90
else
  TOTAL=${AUG_DEVICE_BUDGET_S:-480}
  WIDTH=64; BATCHES=256,32; INFER=256; TRAIN_BATCH=256; SUBSET=; TEST_SUBSET=; MAX_EPOCHS=50
  WG_ARGS=(--warmup 2 --steps 10 --seconds 10); TORCH_ARGS=(--device cuda --warmup 3 --steps 20 --min-seconds 1)
  L_ADAPTER=60; L_SPEED=150; L_TORCH=120
fi
MERGE_RESERVE=20
FAILED=

say() { echo "[run.sh $(($(date +%s) - T0))s] $*" | tee -a "$LOG"; }
left() { echo $((TOTAL - ($(date +%s) - T0))); }

# step NAME LIMIT_S CMD...: runs CMD under `timeout`, output to the console, $LOG and parts/NAME.log;
# writes parts/NAME.status.json with the exit code (124/137: the limit was hit) and the seconds taken.
step() {
  local name=$1 limit=$2 s rc
  shift 2
  say "== $name (limit ${limit}s)"
  s=$(date +%s)
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee -a "$LOG" "$PARTS/$name.log"
  rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || FAILED="$FAILED $name"
  printf '{"rc": %d, "seconds": %d, "limit": %d}\n' "$rc" $(($(date +%s) - s)) "$limit" >"$PARTS/$name.status.json"
  say "== $name: exit $rc after $(($(date +%s) - s))s"
  return "$rc"
}

skip() { # skip NAME WHY
  printf '{"skipped": "%s"}\n' "$2" >"$PARTS/$1.status.json"
  FAILED="$FAILED $1"
  say "== $1 skipped: $2"
}

# Decompress $1 (.xz) to $2: xz, or Python's lzma when the machine has no xz.
unxz_to() {
  if command -v xz >/dev/null 2>&1; then
    xz -d -T0 -c -- "$1" >"$2"
  else
    "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"), 1 << 20)' "$1" "$2"
  fi
}

unpack() {
  set -e
  echo "kit: $KIT ($(du -sh "$KIT" 2>/dev/null | cut -f1)); scratch: $WORK; OUT: $OUT; mode: $MODE; budget ${TOTAL}s"
  [ -f "$KIT/manifest.json" ] && grep -E '"(builtAt|commit|node|webgpu|tfjs)"' "$KIT/manifest.json" | tr -d ' ,' | tr '\n' ' ' && echo
  unxz_to "$KIT/node/node.xz" "$WORK/bin/node"
  chmod +x "$WORK/bin/node"
  cp -R "$KIT/app" "$WORK/app"
  [ -d "$KIT/fonts" ] && cp -R "$KIT/fonts" "$WORK/fonts"
  find "$WORK/app" "$WORK/fonts" -name '*.xz' 2>/dev/null | while read -r f; do unxz_to "$f" "${f%.xz}" && rm -f "$f"; done
  mkdir -p "$WORK/vulkan/lib"
  for f in "$KIT"/vulkan/lib/*.xz; do unxz_to "$f" "$WORK/vulkan/lib/$(basename "${f%.xz}")"; done
  if [ -d "$KIT/data/cifar-10-batches-bin" ]; then
    mkdir -p "$WORK/data/cifar-10-batches-bin"
    for f in "$KIT"/data/cifar-10-batches-bin/*; do
      case "$f" in
        *.xz) unxz_to "$f" "$WORK/data/cifar-10-batches-bin/$(basename "${f%.xz}")" ;;
        *) cp "$f" "$WORK/data/cifar-10-batches-bin/" ;;
      esac
    done
  fi
  echo "node: $("$WORK/bin/node" --version) ($WORK/bin/node)"
}

# ------------------------------------------------------------------ environment
# The kit's loaders first; NVIDIA's driver libraries where this image keeps them.
LD_LIBRARY_PATH="$WORK/vulkan/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$d"; done
export LD_LIBRARY_PATH
# NVIDIA's Vulkan ICD json comes with the driver; the device image keeps it outside the loader's search path.
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$f" ]; then export VK_DRIVER_FILES=$f VK_ICD_FILENAMES=$f; break; fi
  done
fi
if [ -z "${__EGL_VENDOR_LIBRARY_FILENAMES:-}" ] && [ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ]; then
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
NODE=$WORK/bin/node
export PATH="$WORK/bin:$PATH"
APP=$WORK/app/main.mjs

say "aug device run ($MODE), results to $OUT"
{
  gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)
  printf '{"uname": "%s", "gpu": "%s", "vkDriverFiles": "%s", "ldconfigVulkan": %d, "python": "%s"}\n' \
    "$(uname -srm)" "${gpu:-none (no nvidia-smi)}" "${VK_DRIVER_FILES:-loader default search}" \
    "$(ldconfig -p 2>/dev/null | grep -c libvulkan || true)" "$("$PY" --version 2>&1 | head -1)" >"$PARTS/host.json"
  say "host: $(cat "$PARTS/host.json")"
}

# ------------------------------------------------------------------ steps
export KIT WORK OUT MODE TOTAL PY
export -f unxz_to unpack
if ! step unpack 90 bash -c unpack; then
  say "unpacking failed: nothing else can run"
  for s in adapter webgpu_speed train; do skip "$s" "the kit did not unpack"; done
  ADAPTER_OK=0
else
  ADAPTER_OK=1
  if ! step adapter "$L_ADAPTER" "$NODE" "$APP" adapter --out "$PARTS/adapter.json"; then
    ADAPTER_OK=0
    say "no WebGPU adapter: once more with the Vulkan loader's diagnostics (VK_LOADER_DEBUG=error,warn,driver)"
    VK_LOADER_DEBUG=error,warn,driver timeout 30 "$NODE" "$APP" adapter --out "$PARTS/adapter-debug.json" >"$PARTS/adapter-debug.log" 2>&1
    # The ICD search (first lines) and the failure (last lines) into the log and the adapter step's error.
    { head -n 60 "$PARTS/adapter-debug.log"; echo '...'; tail -n 15 "$PARTS/adapter-debug.log"; } | tee -a "$LOG" "$PARTS/adapter.log" >/dev/null
  fi
fi

if [ "$ADAPTER_OK" = 1 ]; then
  step webgpu_speed "$L_SPEED" "$NODE" "$APP" speed --out "$PARTS/webgpu_speed.json" \
    --batches "$BATCHES" --infer "$INFER" --width "$WIDTH" "${WG_ARGS[@]}"
elif [ ! -f "$PARTS/webgpu_speed.status.json" ]; then
  skip webgpu_speed "no WebGPU adapter (see the adapter step)"
fi

step torch "$L_TORCH" "$PY" "$KIT/torch/torch_gpu.py" --out "$PARTS/torch.json" \
  --batches "$BATCHES" --infer "$INFER" --width "$WIDTH" "${TORCH_ARGS[@]}"

if [ "$ADAPTER_OK" = 1 ]; then
  budget=$(($(left) - MERGE_RESERVE - 15))
  if [ "$budget" -lt 20 ]; then
    skip train "only ${budget}s left of the ${TOTAL}s budget"
  else
    if [ -d "$WORK/data/cifar-10-batches-bin" ]; then
      DATA_ARGS=(--data "$WORK/data" --data-note "the kit's CIFAR-10 slice ($(grep -o '"trainImages": [0-9]*' "$KIT/manifest.json" | head -1))")
    else
      DATA_ARGS=(--synthetic "$WORK/synthetic")
    fi
    SUBSET_ARGS=()
    [ -n "$SUBSET" ] && SUBSET_ARGS+=(--subset "$SUBSET")
    [ -n "$TEST_SUBSET" ] && SUBSET_ARGS+=(--test-subset "$TEST_SUBSET")
    step train $((budget + 15)) "$NODE" "$APP" train --out "$PARTS/train.json" --curves "$OUT/curves.png" \
      --seconds "$budget" --max-epochs "$MAX_EPOCHS" --batch "$TRAIN_BATCH" --width "$WIDTH" \
      "${DATA_ARGS[@]}" "${SUBSET_ARGS[@]}"
  fi
elif [ ! -f "$PARTS/train.status.json" ]; then
  skip train "no WebGPU adapter (see the adapter step)"
fi

# ------------------------------------------------------------------ results
if ! step merge "$MERGE_RESERVE" "$NODE" "$APP" merge --parts "$PARTS" --out "$OUT/results.json" \
  --kit "$KIT" --mode "$MODE" --started "$STARTED"; then
  # Node itself did not run: keep the raw statuses so the failure is still readable.
  {
    echo '{"ok": false, "error": "the merge step failed (see run.log); raw step statuses follow", "mode": "'"$MODE"'", "steps": {'
    first=1
    for f in "$PARTS"/*.status.json; do
      [ -f "$f" ] || continue
      [ $first = 1 ] || echo ','
      first=0
      printf '"%s": %s' "$(basename "$f" .status.json)" "$(cat "$f")"
    done
    echo '}}'
  } >"$OUT/results.json"
fi
say "done in $(($(date +%s) - T0))s: $(ls "$OUT" | tr '\n' ' ')${FAILED:+; failed:$FAILED}"
[ -z "$FAILED" ]

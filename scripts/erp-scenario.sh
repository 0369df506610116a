#!/usr/bin/env bash
# Issue #12: a client generated from api-spec/openapi.json by openapi-python-client (PyPI) runs
# an ERP's round against the real binary with demo data: API key, webhook, batch hours sent
# twice with one Idempotency-Key, prepare, signed scan, certify, the signed webhook received.
# Usage: scripts/erp-scenario.sh [path/to/realis]  (default: target/debug/realis)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/debug/realis}"
command -v openapi-python-client >/dev/null || pip install -q "openapi-python-client>=0.29,<0.30"
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
openapi-python-client generate --path api-spec/openapi.json --meta none \
  --config scripts/erp-client.yaml --output-path "$WORK/realis_client" > "$WORK/generate.log" 2>&1 \
  || { cat "$WORK/generate.log"; exit 1; }
if grep -q "WARNING" "$WORK/generate.log"; then
  echo "the generator left operations out:"; grep -A3 WARNING "$WORK/generate.log"; exit 1
fi
# A 200 × 80 PNG for the OF's logo.
python3 - "$WORK/logo.png" <<'PY'
import struct, sys, zlib
w, h = 200, 80
raw = b"".join(b"\x00" + b"\xc8\x1e\x1e" * w for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
REALIS_WEBHOOK_ALLOW_PRIVATE=true REALIS_DATA_DIR="$WORK/data" REALIS_BIND="127.0.0.1:$PORT" \
  "$BIN" serve --demo > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
PYTHONPATH="$WORK" REALIS_BASE_URL="http://127.0.0.1:$PORT" REALIS_LOGO_PNG="$WORK/logo.png" \
  python3 scripts/erp_scenario.py || { echo "server log:"; tail -20 "$WORK/server.log"; exit 1; }

"""The ERP scenario of issue #12: software that knows Réalis only from `api-spec/openapi.json`.

Run by scripts/erp-scenario.sh, which generates the client (openapi-python-client) into a
temporary directory, puts it on PYTHONPATH and starts the server. Every call below goes
through the generated client; a failure exits non-zero with what the server answered.

Steps: a person signs in and makes an API key; with the key only, the ERP subscribes a webhook
to a local receiver, finds its trainee's dossier, saves the month's hours in a batch sent twice
with one Idempotency-Key (the second answer is the first, replayed), prepares the month,
uploads the signed scan, certifies, and receives each `month.status_changed` (up to the status
the certification left the month in) signed per Standard
Webhooks, checked here with the secret shown once. Prints the latency from the event to its
receipt.
"""

import base64
import datetime as dt
import hashlib
import hmac
import http.server
import json
import os
import queue
import sys
import threading
import time
import uuid

from realis_client import AuthenticatedClient, Client
from realis_client.api.auth import login
from realis_client.api.certification import certify, put_signed_certificate
from realis_client.api.dossiers import get_month, list_dossiers, prepare_month, save_hours_batch
from realis_client.api.integrations import create_api_key, create_webhook
from realis_client.api.organisation import put_logo
from realis_client.models import (
    ApiKeyRequest,
    ApiScope,
    CertificationMode,
    CertifyRequest,
    DayInput,
    EventType,
    HoursBatchItem,
    HoursBatchRequest,
    LoginRequest,
    PrepareRequest,
    WebhookRequest,
)
from realis_client.types import File

BASE = os.environ["REALIS_BASE_URL"]
LOGO_PNG = os.environ["REALIS_LOGO_PNG"]


def check(res, status, what):
    if res.status_code != status:
        sys.exit(f"FAIL {what}: {res.status_code} {res.content[:400]!r}")
    print(f"ok   {what}: {status}")
    return res.parsed


def minimal_pdf():
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


class Receiver(http.server.BaseHTTPRequestHandler):
    """The ERP's webhook endpoint: checks each delivery's signature, queues its event."""

    secret = b""
    got = queue.Queue()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        msg_id = self.headers["webhook-id"]
        ts = self.headers["webhook-timestamp"]
        signed = f"{msg_id}.{ts}.".encode() + body
        expected = base64.b64encode(hmac.new(self.secret, signed, hashlib.sha256).digest()).decode()
        offered = [s.split(",", 1)[1] for s in self.headers["webhook-signature"].split() if s.startswith("v1,")]
        ok = any(hmac.compare_digest(expected, s) for s in offered)
        self.send_response(204 if ok else 401)
        self.end_headers()
        Receiver.got.put((time.time(), ok, msg_id, json.loads(body)))

    def log_message(self, *args):
        pass


def main():
    anonymous = Client(base_url=BASE, raise_on_unexpected_status=False)
    session = check(
        login.sync_detailed(client=anonymous, body=LoginRequest(login="of@formapro.test", password="realis-demo-2026")),
        200,
        "a person signs in",
    )
    person = AuthenticatedClient(base_url=BASE, token=session.access_token)
    created = check(
        create_api_key.sync_detailed(
            client=person,
            body=ApiKeyRequest(
                name="ERP (scénario CI)",
                scopes=[ApiScope.DOSSIERSREAD, ApiScope.HOURSWRITE, ApiScope.CERTIFY, ApiScope.WEBHOOKS],
            ),
        ),
        201,
        "and makes an API key",
    )
    key = created.key
    print(f"     key {created.prefix}… scopes {[s.value for s in created.scopes]} expires {created.expires_at}")
    # The OF's identity needs its logo before a certificate can be drawn (a person's task).
    with open(LOGO_PNG, "rb") as f:
        check(put_logo.sync_detailed(client=person, body=File(payload=f.read())), 200, "the OF's logo")

    erp = AuthenticatedClient(base_url=BASE, token=key, raise_on_unexpected_status=False)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = check(
        create_webhook.sync_detailed(
            client=erp,
            body=WebhookRequest(
                url=f"http://127.0.0.1:{server.server_address[1]}/realis",
                events=[EventType.MONTH_STATUS_CHANGED],
                description="ERP",
            ),
        ),
        201,
        "subscribes a webhook with the key",
    )
    Receiver.secret = base64.b64decode(hook.secret.removeprefix("whsec_"))

    page = check(list_dossiers.sync_detailed(client=erp, q="2026-IDF-000101"), 200, "finds the dossier")
    dossier = page.items[0]
    today = dt.date.today()
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    period = last.strftime("%Y-%m")
    month = check(get_month.sync_detailed(dossier.id, period, client=erp), 200, f"reads {period}")
    days = []
    d = last
    while d.month == last.month:
        if d.weekday() < 5:
            days.append(DayInput(date=d, training=7.0))
        d += dt.timedelta(days=1)
    batch = HoursBatchRequest(items=[HoursBatchItem(dossier_id=dossier.id, period=period, version=month.version, days=days)])
    idem = str(uuid.uuid4())
    first = save_hours_batch.sync_detailed(client=erp, body=batch, idempotency_key=idem)
    result = check(first, 200, "saves the hours in a batch")
    if result.items[0].status != 200:
        sys.exit(f"FAIL the batch item: {first.content!r}")
    again = save_hours_batch.sync_detailed(client=erp, body=batch, idempotency_key=idem)
    check(again, 200, "sends the batch again with the same Idempotency-Key")
    if again.headers.get("idempotent-replayed") != "true" or again.content != first.content:
        sys.exit("FAIL the retry was not the first answer replayed")
    print("ok   the retry is the first answer, replayed (Idempotent-Replayed: true), saved once")
    version = result.items[0].month.version
    check(
        prepare_month.sync_detailed(dossier.id, period, client=erp, body=PrepareRequest(hours_certified=True, version=version)),
        200,
        "prepares the month",
    )
    check(
        put_signed_certificate.sync_detailed(dossier.id, period, client=erp, body=File(payload=minimal_pdf())),
        200,
        "uploads the signed scan",
    )
    sent_at = time.time()
    done = check(
        certify.sync_detailed(dossier.id, period, client=erp, body=CertifyRequest(mode=CertificationMode.UPLOAD)),
        200,
        "certifies",
    )
    print(f"     month {period} is {done.status.value}")
    deadline = time.time() + 30
    latencies = []
    while time.time() < deadline:
        try:
            at, ok, msg_id, event = Receiver.got.get(timeout=deadline - time.time())
        except queue.Empty:
            break
        if not ok:
            sys.exit(f"FAIL delivery {msg_id}: bad signature")
        stamp = dt.datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00")).timestamp()
        latencies.append(at - stamp)
        data = event["data"]
        print(f"ok   webhook {msg_id}: {event['type']} {data.get('from')} → {data.get('to')}, signature checked, {1000 * (at - stamp):.0f} ms after the event")
        if data.get("to") == done.status.value:
            latencies.sort()
            print(f"     {len(latencies)} deliveries, median latency {1000 * latencies[len(latencies) // 2]:.0f} ms (certify answered {1000 * (at - sent_at):.0f} ms before receipt)")
            print("ERP scenario passed")
            return
    sys.exit(f"FAIL no month.status_changed to {done.status.value} within 30 s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Loopback fake of the services media-route talks to (tests only).

One threaded HTTP/1.1 server on 127.0.0.1 and a free port.  Each service
is mounted under /<name>; its behaviour is a plugin tests/fake/svc_<name>.py
with make(ctx) -> object with handle(req).  Tests inject faults with
scripts (POST /_fake/script) and read every request seen
(GET /_fake/requests).  See /_fake/help or the module docstring of each
plugin.  Python 3 standard library only.
"""

import argparse
import importlib.util
import json
import os
import re
import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))


class Ctx:
    """What plugins share: fixtures dir, options, persisted state."""

    def __init__(self, fixtures, opts, state_file):
        self.fixtures = fixtures
        self.opts = opts
        self.state_file = state_file
        self.state = {}
        self.lock = threading.RLock()
        self.notes = []
        self.service = None
        if state_file and os.path.exists(state_file):
            with open(state_file, encoding="utf-8") as f:
                self.state = json.load(f)

    def save(self):
        if not self.state_file:
            return
        tmp = self.state_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.state, f)
        os.replace(tmp, self.state_file)

    def log_note(self, text):
        self.notes.append(text)

    def fixture(self, *parts):
        """Parsed JSON of a fixture file under the fixtures dir."""
        with open(os.path.join(self.fixtures, *parts), encoding="utf-8") as f:
            return json.load(f)


class ServiceCtx:
    """A per-service view of the shared Ctx (service name set)."""

    def __init__(self, ctx, name):
        self._ctx = ctx
        self.service = name

    def __getattr__(self, attr):
        return getattr(self._ctx, attr)


class Echo:
    def handle(self, req):
        return 200, {"method": req.method, "path": req.path,
                     "query": req.query, "headers": dict(req.headers),
                     "body": req.body.decode("utf-8", "replace")}


class Req:
    def __init__(self, method, path, raw_query, headers, body):
        self.method = method
        self.path = path
        self.raw_query = raw_query
        self.query = parse_qs(raw_query, keep_blank_values=True)
        self.headers = headers
        self.body = body

    def json(self):
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None

    def arg(self, name, default=None):
        v = self.query.get(name)
        return v[0] if v else default


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.log = []
        self.seq = 0
        self.scripts = []
        self.rates = {}
        self.windows = {}
        self.violations = 0
        self.counts = {}
        self.log_file = args.log
        opts = {}
        for o in args.opt or []:
            k, _, v = o.partition("=")
            opts[k] = v
        self.ctx = Ctx(args.fixtures, opts, args.state)
        self.services = {"echo": Echo()}
        for name in (args.services or "").split(","):
            # "radarr4k=radarr": a second Radarr mounted at /radarr4k.
            name, _, plugin = name.strip().partition("=")
            if not name or name == "echo":
                continue
            self.services[name] = load_plugin(plugin or name, self.ctx,
                                              name)
        for r in args.rate or []:
            self.set_rates(dict([r.split("=", 1)]))
        if args.script:
            with open(args.script, encoding="utf-8") as f:
                self.add_scripts(json.load(f))

    def set_rates(self, rates):
        for svc, spec in rates.items():
            if spec in ("off", "", None):
                self.rates.pop(svc, None)
                continue
            n, _, secs = str(spec).partition("/")
            self.rates[svc] = (int(n), float(secs or 1))
            self.windows[svc] = []

    def add_scripts(self, obj):
        items = obj if isinstance(obj, list) else [obj]
        for s in items:
            s = dict(s)
            s.setdefault("times", -1)
            s["_re"] = re.compile(s.get("path", ""))
            self.scripts.append(s)

    def match_script(self, service, method, path):
        with self.lock:
            for s in self.scripts:
                if s.get("service") not in (None, service):
                    continue
                if s.get("method") not in (None, method):
                    continue
                if not s["_re"].search(path):
                    continue
                if s["times"] == 0:
                    continue
                if s["times"] > 0:
                    s["times"] -= 1
                return s
        return None

    def rate_check(self, service):
        """True when this request goes over the service's window."""
        with self.lock:
            lim = self.rates.get(service)
            if not lim:
                return False
            n, secs = lim
            now = time.monotonic()
            w = [t for t in self.windows[service] if now - t < secs]
            if len(w) >= n:
                self.windows[service] = w
                self.violations += 1
                return True
            w.append(now)
            self.windows[service] = w
            return False

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            self.log.append(entry)
            key = entry["service"]
            self.counts[key] = self.counts.get(key, 0) + 1
            if self.log_file:
                with open(self.log_file, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry) + "\n")


def load_plugin(name, ctx, mount=None):
    """Plugin svc_<name>.py; its ctx.service is mount (default name)."""
    path = os.path.join(HERE, "svc_%s.py" % name.replace("-", "_"))
    spec = importlib.util.spec_from_file_location("svc_" + name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.make(ServiceCtx(ctx, mount or name))


def encode(body, headers):
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        return body.encode("utf-8")
    headers.setdefault("Content-Type", "application/json; charset=utf-8")
    return json.dumps(body).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Small answers must not wait for delayed ACKs (Nagle): tests and
    # the soak would spend most of their time there.
    disable_nagle_algorithm = True
    server_version = "media-route-fake/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def reply(self, status, body=b"", headers=None):
        headers = dict(headers or {})
        data = encode(body, headers)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, str(v))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def admin(self, st, path, body):
        if path == "/_fake/requests":
            return 200, "".join(json.dumps(e) + "\n" for e in st.log)
        if path == "/_fake/reset" and self.command == "POST":
            with st.lock:
                st.log.clear()
                st.scripts.clear()
                st.violations = 0
                st.counts = {}
                for k in st.windows:
                    st.windows[k] = []
            return 200, {"ok": True}
        if path == "/_fake/script":
            if self.command == "DELETE":
                with st.lock:
                    st.scripts.clear()
                return 200, {"ok": True}
            st.add_scripts(json.loads(body.decode("utf-8")))
            return 200, {"ok": True}
        if path == "/_fake/rate" and self.command == "POST":
            st.set_rates(json.loads(body.decode("utf-8")))
            return 200, {"ok": True}
        if path == "/_fake/stats":
            return 200, {"counts": st.counts,
                         "rate_violations": st.violations,
                         "requests": len(st.log)}
        if path == "/_fake/state":
            return 200, st.ctx.state
        return 404, {"error": "unknown admin endpoint"}

    def dispatch(self):
        st = self.server.st
        url = urlsplit(self.path)
        body = self.read_body()
        if url.path.startswith("/_fake/"):
            status, out = self.admin(st, url.path, body)
            self.reply(status, out)
            return
        parts = url.path.split("/", 2)
        service = parts[1] if len(parts) > 1 else ""
        sub = "/" + parts[2] if len(parts) > 2 else "/"
        entry = {"t": time.time(), "service": service,
                 "method": self.command, "path": url.path,
                 "query": url.query,
                 "headers": {k: v for k, v in self.headers.items()},
                 "body": body.decode("utf-8", "replace") if body else None,
                 "status": 0}
        svc = st.services.get(service)
        if svc is None:
            entry["status"] = 404
            st.record(entry)
            self.reply(404, {"error": "no such service: " + service})
            return
        if st.rate_check(service):
            entry["status"] = 503 if service == "musicbrainz" else 429
            entry["rate_limited"] = True
            st.record(entry)
            if service == "musicbrainz":
                self.reply(503, {"error": "Your requests are exceeding the "
                                 "allowable rate limit."})
            else:
                self.reply(429, {"error": "rate limited"},
                           {"Retry-After": "1"})
            return
        script = st.match_script(service, self.command, sub)
        if script:
            if self.scripted(st, entry, script, svc, sub, url, body):
                return
        req = Req(self.command, sub, url.query, self.headers, body)
        try:
            with st.ctx.lock:
                res = svc.handle(req)
        except Exception as exc:  # a plugin bug must be visible, not a hang
            res = (500, {"message": "fake error: %r" % exc})
        status, out = res[0], res[1]
        hdrs = res[2] if len(res) > 2 else {}
        entry["status"] = status
        st.record(entry)
        self.reply(status, out, hdrs)

    def scripted(self, st, entry, s, svc, sub, url, body):
        """Apply a script; True when it fully answered the request."""
        action = s.get("action", "status")
        if action == "delay":
            time.sleep(s.get("ms", 200) / 1000.0)
            return False
        if action == "status":
            entry["status"] = s.get("status", 500)
            entry["fault"] = action
            st.record(entry)
            hdrs = dict(s.get("headers") or {})
            if "retry_after" in s:
                hdrs["Retry-After"] = str(s["retry_after"])
            self.reply(entry["status"], s.get("body", b""), hdrs)
            return True
        if action == "hang":
            entry["fault"] = action
            st.record(entry)
            time.sleep(s.get("ms", 30000) / 1000.0)
            self.close_connection = True
            return True
        if action == "reset":
            entry["fault"] = action
            st.record(entry)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return True
        entry["fault"] = action
        entry["status"] = 200
        st.record(entry)
        if action == "big":
            n = int(s.get("bytes", 16 * 1024 * 1024))
            self.reply(200, b"[" + b"0," * (n // 2) + b"0]",
                       {"Content-Type": "application/json"})
            return True
        if action == "badjson":
            self.reply(200, b'{"results": [{"id": 1, "title": "Trunc',
                       {"Content-Type": "application/json"})
            return True
        if action == "empty":
            self.reply(200, b"", {"Content-Type": "application/json"})
            return True
        if action == "ctype":
            req = Req(self.command, sub, url.query, self.headers, body)
            with st.ctx.lock:
                res = svc.handle(req)
            hdrs = dict(res[2]) if len(res) > 2 else {}
            data = encode(res[1], hdrs)
            hdrs["Content-Type"] = s.get("content_type", "text/html")
            self.reply(res[0], data, hdrs)
            return True
        entry["status"] = 500
        self.reply(500, {"message": "unknown script action " + action})
        return True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    ssl_ctx = None

    def finish_request(self, request, client_address):
        # TLS (--tls-cert): the handshake runs in the request's thread,
        # so a client that rejects our certificate stalls no one.
        if self.ssl_ctx is not None:
            try:
                request = self.ssl_ctx.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as e:
                sys.stderr.write("fake: TLS handshake failed: %s\n" % e)
                return
        super().finish_request(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--services", default="")
    ap.add_argument("--fixtures",
                    default=os.path.join(HERE, "..", "fixtures"))
    ap.add_argument("--state")
    ap.add_argument("--log")
    ap.add_argument("--port-file")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--script")
    ap.add_argument("--opt", action="append")
    ap.add_argument("--rate", action="append")
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM chain")
    ap.add_argument("--tls-key", help="the private key of --tls-cert")
    args = ap.parse_args()
    st = State(args)
    srv = Server(("127.0.0.1", args.port), Handler)
    srv.st = st
    scheme = "http"
    if args.tls_cert:
        srv.ssl_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        srv.ssl_ctx.load_cert_chain(args.tls_cert, args.tls_key)
        scheme = "https"
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("listening on %s://127.0.0.1:%d" % (scheme, port), flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())

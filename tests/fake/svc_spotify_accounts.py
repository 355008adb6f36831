"""Fake Spotify accounts service: POST /spotify-accounts/api/token.

Client-credentials flow (api-shapes.md 2.1): Basic base64(id:secret) and
form grant_type=client_credentials give {"access_token", "token_type":
"Bearer", "expires_in"}; wrong credentials 400 invalid_client.  Tokens
live --opt spotify_token_ttl seconds (default 3600) and are kept in the
shared state so that svc_spotify.py accepts them.  POST /api/expire
(test helper) expires every token issued so far.
"""

import base64
import secrets
import time
from urllib.parse import parse_qs


class Accounts:
    def __init__(self, ctx):
        self.ctx = ctx
        self.cid = ctx.opts.get("spotify_id", "test-spotify-client-id")
        self.secret = ctx.opts.get("spotify_secret", "test-spotify-client-secret")
        self.ttl = int(ctx.opts.get("spotify_token_ttl", "3600"))

    def handle(self, req):
        st = self.ctx.state.setdefault("spotify", {"tokens": {}})
        if req.method == "POST" and req.path.rstrip("/") == "/api/expire":
            for k in st["tokens"]:
                st["tokens"][k] = 0
            self.ctx.save()
            return 200, {"ok": True}
        if req.method != "POST" or req.path.rstrip("/") != "/api/token":
            return 404, {"error": "not_found"}
        auth = req.headers.get("Authorization") or ""
        want = "Basic " + base64.b64encode(("%s:%s" % (self.cid, self.secret)).encode()).decode()
        form = parse_qs(req.body.decode("utf-8", "replace"))
        if auth != want:
            return 400, {"error": "invalid_client", "error_description": "Invalid client"}
        if form.get("grant_type") != ["client_credentials"]:
            return 400, {"error": "unsupported_grant_type",
                         "error_description": "grant_type parameter is missing"}
        tok = "BQ" + secrets.token_urlsafe(40)
        st["tokens"][tok] = time.time() + self.ttl
        self.ctx.save()
        return 200, {"access_token": tok, "token_type": "Bearer", "expires_in": self.ttl}


def make(ctx):
    return Accounts(ctx)

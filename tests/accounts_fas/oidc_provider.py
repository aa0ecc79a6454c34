"""A small OpenID Connect provider for the tests, on 127.0.0.1, written with joserfc: discovery, authorize (with
state, nonce and PKCE S256), token (each code once, client secret, code verifier), JWKS and userinfo. ``mode``
makes it misbehave: ``tamper`` (an ID token whose signature does not match) or ``wrong_nonce``."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID, CLIENT_SECRET = "leuvenhelpt-test", "test-client-secret"


class OIDCProvider:
    def __init__(self, claims: dict):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        self.claims = claims  # what the person's identity says (sub, egovNRN, names, …)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.refused: list[str] = []
        self.mode = ""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the protocol ------------------------------------------------------------------------------------------
    def configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
        }

    def authorize(self, query: dict) -> str:
        """The redirect back to the client with a fresh code (the person has authenticated)."""
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query.get("nonce", ""),
            "challenge": query.get("code_challenge", ""),
            "redirect_uri": query["redirect_uri"],
            "used": False,
        }
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.get(form.get("code", ""))
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self._refuse("invalid_client")
        if grant is None or grant["used"] or form.get("redirect_uri") != grant["redirect_uri"]:
            return self._refuse("invalid_grant")
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if digest != grant["challenge"]:
            return self._refuse("invalid_grant (PKCE)")
        grant["used"] = True
        now = int(time.time())
        nonce = "someone-elses-nonce" if self.mode == "wrong_nonce" else grant["nonce"]
        claims = {**self.claims, "iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce}
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        if self.mode == "tamper":  # change the payload, keep the signature: it no longer matches
            header, payload, signature = id_token.split(".")
            body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            body["egovNRN"] = "85073003328"
            payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
            id_token = f"{header}.{payload}.{signature}"
        access = secrets.token_urlsafe(16)
        self.tokens[access] = dict(self.claims)
        return 200, {"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}

    def _refuse(self, error: str) -> tuple[int, dict]:
        self.refused.append(error)
        return 400, {"error": error.split(" ")[0]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.configuration())
                if url.path == "/jwks":
                    return self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    return self._json(200, claims) if claims else self._json(401, {"error": "invalid_token"})
                if url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    self.send_response(302)
                    self.send_header("Location", provider.authorize(query))
                    self.end_headers()
                    return None
                return self._json(404, {"error": "not_found"})

            def do_POST(self):
                form = {
                    k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
                }
                if urlsplit(self.path).path == "/token":
                    return self._json(*provider.token(form))
                return self._json(404, {"error": "not_found"})

            def log_message(self, *args):
                pass

        return Handler

"""A small OpenID Connect provider for the tests, on 127.0.0.1 (a stand-in for the federal authentication
service): discovery, JWKS, an authorisation endpoint that consents at once, a token endpoint that issues an
RS256 ID token (signed with joserfc) and a userinfo endpoint.

It follows OpenID Connect Core 1.0 and RFC 6749/7636 where the tests lean on it: a registered client and
redirect URI, response type ``code``, PKCE (S256) required, each code used once (a second use is refused
with ``invalid_grant``, RFC 6749 §4.1.2), codes that expire, a bearer token for userinfo. Knobs make it
misbehave like an attacker in the middle would: a broken signature, a nonce that is not the one sent.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CODE_LIFETIME = 60


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str
    claims: dict
    issued_at: float = field(default_factory=time.time)
    used: bool = False


class LocalOIDCProvider:
    """``with LocalOIDCProvider(client_id=…, client_secret=…, redirect_uri=…) as idp:`` serves on
    ``idp.issuer`` until the block ends. ``idp.identity`` is who signs in next (the claims of the userinfo;
    the ID token carries ``sub``). ``idp.tamper_signature`` / ``idp.wrong_nonce`` spoil the next ID tokens."""

    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"})
        self.identity: dict = {}
        self.tamper_signature = False
        self.wrong_nonce = False
        self.acr = "urn:be:fedict:iam:fas:Level500"  # the level of assurance the next ID tokens claim
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, dict] = {}
        self.authorize_requests: list[dict] = []  # the query of every authorisation request, as received
        self.token_requests: list[dict] = []  # the form of every token request, as received
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- the documents ------------------------------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "email", "egovnrn"],
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant.claims["sub"],
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            "acr": self.acr,
            "jti": secrets.token_hex(16),
        }
        nonce = "a-nonce-this-browser-never-sent" if self.wrong_nonce else grant.nonce
        if nonce is not None:
            claims["nonce"] = nonce
        token = jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, self.key)
        if self.tamper_signature:
            head, payload, signature = token.split(".")
            raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
            raw[10] ^= 0x01
            token = ".".join([head, payload, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])
        return token

    # -- the endpoints ------------------------------------------------------------------------------------

    def authorize(self, query: dict) -> tuple[int, dict, bytes]:
        self.authorize_requests.append(query)
        if query.get("client_id") != self.client_id or query.get("redirect_uri") != self.redirect_uri:
            return 400, {"Content-Type": "text/plain"}, b"unknown client or redirect_uri"
        back = {"state": query["state"]} if "state" in query else {}
        if query.get("response_type") != "code":
            back["error"] = "unsupported_response_type"
        elif query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            back |= {"error": "invalid_request", "error_description": "PKCE is required"}
        elif "openid" not in query.get("scope", "").split():
            back["error"] = "invalid_scope"
        else:
            code = secrets.token_urlsafe(24)
            self.grants[code] = Grant(
                client_id=self.client_id,
                redirect_uri=self.redirect_uri,
                nonce=query.get("nonce"),
                code_challenge=query["code_challenge"],
                claims=dict(self.identity),
            )
            back["code"] = code
        return 302, {"Location": f"{self.redirect_uri}?{urlencode(back)}"}, b""

    def token(self, headers, form: dict) -> tuple[int, dict, bytes]:
        self.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        authorization = headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or not secrets.compare_digest(secret or "", self.client_secret):
            return self._json(401, {"error": "invalid_client"})
        if form.get("grant_type") != "authorization_code":
            return self._json(400, {"error": "unsupported_grant_type"})
        grant = self.grants.get(form.get("code", ""))
        if grant is None or grant.used or time.time() - grant.issued_at > CODE_LIFETIME:
            if grant is not None and grant.used:
                # A code used twice: refuse, and revoke what it gave the first time (RFC 6749 §4.1.2).
                self.tokens = {t: c for t, c in self.tokens.items() if c is not grant.claims}
            return self._json(400, {"error": "invalid_grant"})
        grant.used = True
        if form.get("redirect_uri") != grant.redirect_uri:
            return self._json(400, {"error": "invalid_grant"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or challenge != grant.code_challenge:
            return self._json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant.claims
        return self._json(
            200,
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": self.id_token(grant)},
        )

    def userinfo(self, headers) -> tuple[int, dict, bytes]:
        authorization = headers.get("Authorization", "")
        claims = self.tokens.get(authorization.removeprefix("Bearer ")) if authorization.startswith("Bearer ") else None
        if claims is None:
            return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, b""
        return self._json(200, claims)

    @staticmethod
    def _json(status: int, body: dict) -> tuple[int, dict, bytes]:
        return status, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(body).encode()

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, answer):
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._send(provider._json(200, provider.discovery()))
                elif parts.path == "/jwks":
                    self._send(provider._json(200, {"keys": [provider.key.as_dict(private=False)]}))
                elif parts.path == "/authorize":
                    self._send(provider.authorize(query))
                elif parts.path == "/userinfo":
                    self._send(provider.userinfo(self.headers))
                else:
                    self._send((404, {}, b""))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._send(provider.token(self.headers, form))
                else:
                    self._send((404, {}, b""))

        return Handler

"""The gateway's signing key: RS256, published as a JWKS so services (and anyone) can verify tokens."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from merit_shared.settings import Settings


class SigningKey:
    def __init__(self, private_pem: bytes) -> None:
        loaded = serialization.load_pem_private_key(private_pem, password=None)
        if not isinstance(loaded, rsa.RSAPrivateKey):
            raise SystemExit("JWT_PRIVATE_KEY_FILE must hold an RSA private key (tokens are RS256).")
        self.private_key: rsa.RSAPrivateKey = loaded
        public = self.private_key.public_key()
        self.public_jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(public))
        der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = hashlib.sha256(der).hexdigest()[:16]
        self.public_jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk]}

    def sign(self, settings: Settings, subject: str, claims: dict[str, Any],
             minutes: int | None = None) -> tuple[str, int]:
        ttl = 60 * (minutes or settings.access_token_minutes)
        now = int(time.time())
        payload = {"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": subject, "iat": now,
                   "nbf": now, "exp": now + ttl, "jti": uuid.uuid4().hex, **claims}
        # typ at+jwt: an RFC 9068 access token, never mistaken for an ID token
        token = jwt.encode(payload, self.private_key, algorithm="RS256", headers={"kid": self.kid, "typ": "at+jwt"})
        return token, ttl


def generate_private_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_signing_key(settings: Settings) -> SigningKey:
    """Production needs JWT_PRIVATE_KEY_FILE; development generates a key once in the data folder."""
    if settings.jwt_private_key_file:
        return SigningKey(Path(settings.jwt_private_key_file).read_bytes())
    if settings.is_production:
        raise SystemExit("Refusing to start in production without JWT_PRIVATE_KEY_FILE (no development keys).")
    path = settings.merit_data_dir / "keys" / "jwt-private.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(generate_private_pem())
        tmp.chmod(0o600)
        tmp.replace(path)
    return SigningKey(path.read_bytes())

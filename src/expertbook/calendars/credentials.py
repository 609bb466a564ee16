"""Calendar passwords encrypted at rest, under a key derived from the secret key."""

import base64
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from expertbook.kit.i18n import Message

# Keeps this key apart from anything else derived from the secret key.
_PURPOSE = b"expertbook calendar credentials v1"


class CredentialsUnreadable(Exception):
    """Encrypted under another secret key: the expert must enter the password again."""

    message = Message(
        "The saved password can no longer be read (the server's secret key changed). "
        "Enter it again."
    )


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def __repr__(self) -> str:  # never in a log or a traceback
        return "Credentials(<hidden>)"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret_key: str, credentials: Credentials) -> str:
    plain = json.dumps({"username": credentials.username, "password": credentials.password})
    return _fernet(secret_key).encrypt(plain.encode()).decode()


def decrypt(secret_key: str, token: str) -> Credentials:
    try:
        plain = json.loads(_fernet(secret_key).decrypt(token.encode()))
    except InvalidToken:
        raise CredentialsUnreadable(CredentialsUnreadable.message) from None
    return Credentials(plain["username"], plain["password"])

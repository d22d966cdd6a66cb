"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256).

Ciphertext format, stored as ASCII text: ``v1$<key id>$<base64(nonce | ciphertext+tag)>``.
The associated data binds each value to its column (``app_label.model.field``), so a value
copied into another column does not decrypt.
"""

import base64
import hashlib
import hmac
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .keys import keyring

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    pass


def encrypt(plaintext: str, context: str) -> str:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    ct = AESGCM(ring.current_field_key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    token = base64.b64encode(nonce + ct).decode("ascii")
    return f"{PREFIX}${ring.current_field_key_id}${token}"


def key_id_of(ciphertext: str) -> str:
    parts = ciphertext.split("$", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("not a SER-DH ciphertext")
    return parts[1]


def decrypt(ciphertext: str, context: str) -> str:
    key_id = key_id_of(ciphertext)
    key = keyring().field_keys.get(key_id)
    if key is None:
        raise DecryptionError(f"unknown key id {key_id!r}")
    raw = base64.b64decode(ciphertext.split("$", 2)[2])
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except InvalidTag as exc:
        raise DecryptionError("authentication failed (wrong key or column)") from exc
    return plain.decode("utf-8")


def normalize_identifier(value: str) -> str:
    """Digits only: '123.456.789-09' and '12345678909' index the same."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value or "") if ch.isdigit())


def keyed_digest(text: str, purpose: str) -> str:
    """HMAC-SHA256 of already-normalized text (name tokens); "" for empty text."""
    if not text:
        return ""
    mac = hmac.new(keyring().blind_index_key, f"{purpose}:{text}".encode(), hashlib.sha256)
    return mac.hexdigest()


def blind_index(value: str, purpose: str) -> str:
    """A keyed, deterministic digest for exact-match search on an encrypted value.

    ``purpose`` (``cpf``, ``cns``, ``nis``…) separates the domains so equal digits in two kinds
    of identifier do not produce equal digests.
    """
    normalized = normalize_identifier(value)
    if not normalized:
        return ""
    mac = hmac.new(keyring().blind_index_key, f"{purpose}:{normalized}".encode(), hashlib.sha256)
    return mac.hexdigest()


def encrypt_bytes(data: bytes, context: str) -> bytes:
    """Files: ``key id (ASCII) | 0x00 | nonce | ciphertext+tag``."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.current_field_key).encrypt(nonce, data, context.encode())
    return ring.current_field_key_id.encode() + b"\x00" + nonce + sealed


def decrypt_bytes(blob: bytes, context: str) -> bytes:
    key_id, _, rest = blob.partition(b"\x00")
    key = keyring().field_keys.get(key_id.decode("ascii", "replace"))
    if key is None:
        raise DecryptionError(f"unknown key id {key_id!r}")
    try:
        return AESGCM(key).decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], context.encode())
    except InvalidTag as exc:
        raise DecryptionError("authentication failed") from exc

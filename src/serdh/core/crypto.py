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


# Large files (imports), encrypted as a stream: a file key derived from the field key and a
# random salt (HKDF-SHA256), then chunks of at most STREAM_CHUNK bytes, each sealed with its
# index as nonce and, in the associated data, the context, its index and whether it is the
# last: a chunk moved, dropped or cut off does not decrypt.
STREAM_MAGIC = b"SV1"
STREAM_CHUNK = 1 << 20
SALT_BYTES = 16


def _stream_key(key, salt, context):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=f"stream:{context}".encode()
    ).derive(key)


def _seal_chunk(aead, index, data, last, context):
    aad = f"{context}|{index}|{int(last)}".encode()
    sealed = aead.encrypt(index.to_bytes(NONCE_BYTES, "big"), data, aad)
    return len(sealed).to_bytes(4, "big") + sealed


def encrypt_stream(source, target, context):
    """Read ``source`` (a binary file) to its end and write it encrypted to ``target``."""
    ring = keyring()
    salt = os.urandom(SALT_BYTES)
    aead = AESGCM(_stream_key(ring.current_field_key, salt, context))
    target.write(ring.current_field_key_id.encode() + b"\x00" + STREAM_MAGIC + salt)
    index, pending = 0, source.read(STREAM_CHUNK)
    while True:
        following = source.read(STREAM_CHUNK) if pending else b""
        last = not following
        target.write(_seal_chunk(aead, index, pending, last, context))
        if last:
            return
        index, pending = index + 1, following


def decrypt_stream(source, target, context):
    """The inverse of ``encrypt_stream``; DecryptionError if anything was changed or cut."""
    key_id = bytearray()
    while (byte := source.read(1)) not in (b"\x00", b""):
        key_id += byte
        if len(key_id) > 64:
            raise DecryptionError("not a SER-DH stream")
    key = keyring().field_keys.get(key_id.decode("ascii", "replace"))
    if key is None:
        raise DecryptionError(f"unknown key id {bytes(key_id)!r}")
    if source.read(len(STREAM_MAGIC)) != STREAM_MAGIC:
        raise DecryptionError("not a SER-DH stream")
    aead = AESGCM(_stream_key(key, source.read(SALT_BYTES), context))
    index = 0
    while True:
        size = source.read(4)
        if len(size) < 4:
            raise DecryptionError("the stream was cut short")
        sealed = source.read(int.from_bytes(size, "big"))
        nonce = index.to_bytes(NONCE_BYTES, "big")
        for last in (False, True):
            try:
                aad = f"{context}|{index}|{int(last)}".encode()
                target.write(aead.decrypt(nonce, sealed, aad))
                break
            except InvalidTag:
                continue
        else:
            raise DecryptionError("authentication failed")
        if last:
            return
        index += 1

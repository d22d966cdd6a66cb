"""Where SER-DH's own keys come from.

Three kinds of key, none derived from SECRET_KEY:

* field keys (AES-256-GCM), several at once, each with an id; the *current* one encrypts,
  every one decrypts. Rotation adds a key, makes it current, and re-encrypts
  (``serdh keys rotate``);
* the blind-index key (HMAC-SHA256) that makes CPF, CNS and NIS searchable without storing
  them in clear. It cannot rotate without rebuilding the indexes;
* the audit key (HMAC-SHA256) that seals the audit chain, so that someone with write access
  to the database alone cannot forge a consistent chain.

Sources, first match wins: the environment (``SERDH_FIELD_KEYS`` as ``id:base64,id:base64``
with the current key first, ``SERDH_BLIND_INDEX_KEY``, ``SERDH_AUDIT_KEY``), then the JSON
key file named by ``SERDH_KEY_FILE``. In development the key file is created on first use.
"""

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


@dataclass(frozen=True)
class KeyRing:
    field_keys: dict  # key id -> 32 raw bytes, in insertion order
    current_field_key_id: str
    blind_index_key: bytes
    audit_key: bytes

    @property
    def current_field_key(self):
        return self.field_keys[self.current_field_key_id]


def new_key_b64():
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _decode(name, value):
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{name}: not valid base64.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name}: must be 32 bytes (base64 of 32 random bytes).")
    if len(set(raw)) < 8:
        raise ImproperlyConfigured(f"{name}: too weak (too few distinct bytes).")
    return raw


def _parse_field_keys(text):
    keys = {}
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, _, value = item.partition(":")
        if not KEY_ID_RE.match(key_id):
            raise ImproperlyConfigured(f"SERDH_FIELD_KEYS: bad key id {key_id!r}.")
        keys[key_id] = _decode(f"SERDH_FIELD_KEYS[{key_id}]", value)
    return keys


def _test_keyring():
    # Fixed, public, throwaway keys: only ever used by SERDH_ENV=test.
    return KeyRing(
        field_keys={"t1": bytes(range(32))},
        current_field_key_id="t1",
        blind_index_key=bytes(range(32, 64)),
        audit_key=bytes(range(64, 96)),
    )


def write_key_file(path, data):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, path)


def new_key_file_data():
    key_id = "k" + secrets.token_hex(3)
    return {
        "field_keys": {key_id: new_key_b64()},
        "current_field_key": key_id,
        "blind_index_key": new_key_b64(),
        "audit_key": new_key_b64(),
    }


def read_key_file(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"SERDH_KEY_FILE {path}: cannot read ({exc}).") from exc


@lru_cache(maxsize=1)
def keyring():
    if settings.ENV == "test" and not os.environ.get("SERDH_FIELD_KEYS"):
        return _test_keyring()
    data = {}
    path = settings.SERDH_KEY_FILE
    if path:
        if not Path(path).exists() and settings.SERDH_KEYS_AUTOCREATE:
            write_key_file(path, new_key_file_data())
        if Path(path).exists():
            data = read_key_file(path)

    if os.environ.get("SERDH_FIELD_KEYS"):
        field_keys = _parse_field_keys(os.environ["SERDH_FIELD_KEYS"])
        current = next(iter(field_keys), None)
    else:
        field_keys = {
            k: _decode(f"field key {k}", v) for k, v in data.get("field_keys", {}).items()
        }
        current = data.get("current_field_key")
    if not field_keys or current not in field_keys:
        raise ImproperlyConfigured(
            "No field-encryption key: set SERDH_FIELD_KEYS or SERDH_KEY_FILE "
            "(see docs/operations.md, 'Keys')."
        )
    blind = os.environ.get("SERDH_BLIND_INDEX_KEY") or data.get("blind_index_key")
    audit = os.environ.get("SERDH_AUDIT_KEY") or data.get("audit_key")
    if not blind or not audit:
        raise ImproperlyConfigured(
            "SERDH_BLIND_INDEX_KEY and SERDH_AUDIT_KEY (or the key file's blind_index_key and "
            "audit_key) must be set."
        )
    ring = KeyRing(
        field_keys=field_keys,
        current_field_key_id=current,
        blind_index_key=_decode("blind index key", blind),
        audit_key=_decode("audit key", audit),
    )
    distinct = {ring.blind_index_key, ring.audit_key, *ring.field_keys.values()}
    if len(distinct) != len(ring.field_keys) + 2:
        raise ImproperlyConfigured("Field, blind-index and audit keys must all be different.")
    return ring


def reset_keyring_cache():
    keyring.cache_clear()

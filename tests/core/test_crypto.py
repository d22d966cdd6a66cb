import base64
import hashlib
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from serdh.accounts.models import User
from serdh.core import crypto, keys, rotation
from serdh.core.keys import KeyRing


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_any_text_survives_encryption(text):
    token = crypto.encrypt(text, "app.model.field")
    assert crypto.decrypt(token, "app.model.field") == text


def test_ciphertext_names_its_key_and_differs_each_time():
    a = crypto.encrypt("Maria", "c")
    b = crypto.encrypt("Maria", "c")
    assert a.startswith("v1$t1$") and b.startswith("v1$t1$")
    assert a != b  # random nonce: equal values do not look equal at rest


def test_a_value_moved_to_another_column_does_not_decrypt():
    token = crypto.encrypt("123", "accounts.user.cpf")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, "people.person.name")


def test_a_tampered_ciphertext_is_refused():
    token = crypto.encrypt("segredo", "c")
    raw = bytearray(base64.b64decode(token.split("$")[2]))
    raw[-1] ^= 1
    forged = "v1$t1$" + base64.b64encode(bytes(raw)).decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(forged, "c")


def test_the_database_never_holds_the_clear_value(db):
    user = User.objects.create(username="enc.test", full_name="Teste", cpf="52998224725")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cpf FROM {User._meta.db_table} WHERE id = %s", [user.pk])
        stored = cursor.fetchone()[0]
    assert "52998224725" not in stored
    assert stored.startswith("v1$")
    assert User.objects.get(pk=user.pk).cpf == "52998224725"


def test_encrypted_columns_refuse_lookups_that_would_leak(db):
    with pytest.raises(TypeError):
        list(User.objects.filter(cpf__startswith="529"))


def test_blind_index_matches_formatted_and_bare_digits_but_not_other_purposes():
    assert crypto.blind_index("529.982.247-25", "cpf") == crypto.blind_index("52998224725", "cpf")
    assert crypto.blind_index("52998224725", "cpf") != crypto.blind_index("52998224725", "nis")
    assert crypto.blind_index("", "cpf") == ""
    assert "52998224725" not in crypto.blind_index("52998224725", "cpf")


def _ring(*key_ids, current):
    # The test key (t1) stays readable: the demo's rows are encrypted with it.
    field_keys = {"t1": keys._test_keyring().field_keys["t1"]}
    field_keys.update({k: hashlib.sha256(k.encode()).digest() for k in key_ids})
    return KeyRing(
        field_keys=field_keys,
        current_field_key_id=current,
        blind_index_key=bytes(range(100, 132)),
        audit_key=bytes(range(140, 172)),
    )


@pytest.fixture
def swap_keyring(monkeypatch):
    def swap(ring):
        monkeypatch.setattr(crypto, "keyring", lambda: ring)
        monkeypatch.setattr(rotation.crypto, "keyring", lambda: ring)

    return swap


def test_rotation_re_encrypts_old_values_with_the_current_key(db, swap_keyring, capsys):
    swap_keyring(_ring("old", current="old"))
    users = [
        User.objects.create(username=f"rot{i}", full_name="R", cpf=f"5299822472{i % 10}")
        for i in range(7)
    ]
    swap_keyring(_ring("old", "new", current="new"))
    stale = rotation.stale_counts()["accounts.user.cpf"]
    assert stale >= 7  # ours, plus the demo's
    call_command("keys", "rotate", "--batch-size", "3")
    err = capsys.readouterr().err
    assert f"{stale}/{stale} (100%)" in err  # the progress line reached the end
    assert rotation.stale_counts()["accounts.user.cpf"] == 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cpf FROM {User._meta.db_table} WHERE username LIKE 'rot%%'")
        assert all(row[0].startswith("v1$new$") for row in cursor.fetchall())
    for user in users:
        assert User.objects.get(pk=user.pk).cpf == user.cpf
    # Only the new key left: everything still decrypts.
    swap_keyring(_ring("new", current="new"))
    assert {u.cpf for u in User.objects.filter(username__startswith="rot")} == {
        u.cpf for u in users
    }


def test_key_file_is_read_and_keys_must_be_distinct(tmp_path, settings_env):
    data = keys.new_key_file_data()
    path = tmp_path / "keys.json"
    keys.write_key_file(path, data)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    ring = settings_env(path)
    assert ring.current_field_key_id == data["current_field_key"]
    data["audit_key"] = data["blind_index_key"]
    keys.write_key_file(path, data)
    with pytest.raises(ImproperlyConfigured):
        settings_env(path)
    path.write_text(json.dumps({"field_keys": {}}))
    with pytest.raises(ImproperlyConfigured):
        settings_env(path)


@pytest.fixture
def settings_env(settings, monkeypatch):
    def load(path):
        settings.ENV = "development"
        settings.SERDH_KEY_FILE = str(path)
        settings.SERDH_KEYS_AUTOCREATE = False
        keys.reset_keyring_cache()
        try:
            return keys.keyring()
        finally:
            keys.reset_keyring_cache()

    yield load
    keys.reset_keyring_cache()

"""Large files encrypted as a stream (imports' uploads): what goes in comes out, and a chunk
changed, dropped, cut off or read under another context does not decrypt."""

import io
import os

import pytest

from serdh.core import crypto


def sealed(data, context="ctx"):
    out = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(data), out, context)
    return out.getvalue()


def opened(blob, context="ctx"):
    out = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(blob), out, context)
    return out.getvalue()


@pytest.mark.parametrize(
    "size", [0, 1, crypto.STREAM_CHUNK - 1, crypto.STREAM_CHUNK, 2 * crypto.STREAM_CHUNK + 7]
)
def test_what_goes_in_comes_out(size):
    data = os.urandom(size)
    assert opened(sealed(data)) == data


def test_a_changed_cut_or_moved_stream_does_not_decrypt():
    data = os.urandom(2 * crypto.STREAM_CHUNK + 10)
    blob = sealed(data)
    changed = bytearray(blob)
    changed[len(blob) // 2] ^= 1
    with pytest.raises(crypto.DecryptionError):
        opened(bytes(changed))
    header = blob.index(crypto.STREAM_MAGIC) + len(crypto.STREAM_MAGIC) + crypto.SALT_BYTES
    first = 4 + int.from_bytes(blob[header : header + 4], "big")
    with pytest.raises(crypto.DecryptionError):  # the last chunks cut off
        opened(blob[: header + first])
    with pytest.raises(crypto.DecryptionError):  # read as another kind of file
        opened(blob, context="other")

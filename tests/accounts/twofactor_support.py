"""Helpers for tests that sign in with a second factor: an authenticator app is a TOTP
computation over the device's secret (RFC 6238), done here as a phone would."""

import re
import time

from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP

from serdh.accounts import twofactor
from serdh.accounts.models import TotpDevice, User

PASSWORD = settings.SERDH_DEMO_PASSWORD
LOGIN = "/conta/entrar/"
CODE = "/conta/entrar/codigo/"


def code_for(device, steps_ahead=0):
    """The code the phone shows now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(device.bin_key, TotpDevice.STEP, 0, TotpDevice.DIGITS, 0)
    totp.time = time.time() + steps_ahead * TotpDevice.STEP
    return f"{totp.token():06d}"


def enrol(username):
    """Give ``username`` a confirmed authenticator; returns (device, recovery codes)."""
    user = User.objects.get(username=username)
    device = twofactor.start_enrolment(user)
    codes = twofactor.confirm_enrolment(user, device, code_for(device))
    device.refresh_from_db()
    return device, codes


def sign_in(username, device=None, steps_ahead=1, client=None):
    """A client signed in through both steps (a later step's code: the enrolment spent the
    current one)."""
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if device is not None:
        assert response["Location"] == CODE
        response = client.post(CODE, {"code": code_for(device, steps_ahead)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return client


def secret_on_page(html):
    return re.search(r'class="mono secret-key">([A-Z2-7 ]+)<', html).group(1)

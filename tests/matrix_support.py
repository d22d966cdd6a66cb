"""Building blocks of the permission matrix (tests/test_permission_matrix.py), shared with
the per-app matrix modules (``tests/<app>/matrix.py``, each defining ``entries(objects)``
that returns {url name: [Probe, ...]})."""

from dataclasses import dataclass, field

from serdh.demo import network as demo

PASSOS, BH, JF = demo.PASSOS, demo.BH, demo.JUIZ_DE_FORA
SAO_PAULO = 3550308  # exists in the registry, outside the installation's state

# persona -> (role, municipality of the persona's organization or None for state level)
PERSONAS = {u: (r.value, None) for u, _, r in demo.USERS}
HOME_MUNICIPALITY = {
    "cras.passos": PASSOS,
    "creas.passos": PASSOS,
    "ct.passos": PASSOS,
    "gestor.passos": PASSOS,
    "admin.passos": PASSOS,
    "coord.creas.passos": PASSOS,
    "colab.passos": PASSOS,
    "cras.bh": BH,
    "ct.bh": BH,
    "gestor.bh": BH,
    "admin.bh": BH,
    "cras.jf": JF,
}
ANON = "anonymous"
ALL = [ANON, *PERSONAS]


def role(p):
    return PERSONAS[p][0] if p != ANON else None


def is_state_admin(p):
    return role(p) == "state_admin"


def municipal_admin_of(p, code):
    return role(p) == "municipal_admin" and HOME_MUNICIPALITY[p] == code


def admin_page(p):
    return role(p) in {"state_admin", "municipal_admin"}


@dataclass
class Probe:
    """One URL with concrete arguments and the expected status for each persona."""

    args: tuple
    expect: object  # persona -> status
    method: str = "get"
    label: str = ""
    data: dict = field(default_factory=dict)


def logged_in(status_fn):
    """Anonymous visitors are sent to the login page whatever the page is."""
    return lambda p: 302 if p == ANON else status_fn(p)


def role_page(allowed, inner=lambda p: 200):
    return logged_in(lambda p: inner(p) if allowed(p) else 403)

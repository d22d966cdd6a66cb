"""API endpoints in the permission matrix. Anonymous callers get 401 (problem+json, with
``WWW-Authenticate: Bearer``), never a redirect; objects outside the caller's access are 404,
as on the web pages."""

from serdh.cases import referrals
from serdh.interop import hsds
from serdh.network.models import Organization
from tests.cases.factories import acting, open_case, refer
from tests.matrix_support import ANON, Probe, role

CASEWORK = {"worker", "coordinator"}


def api(status_fn):
    return lambda p: 401 if p == ANON else status_fn(p)


def entries(o):
    waiting = open_case(victim_name="Joana Api Teste")
    waiting_referral = refer(waiting)
    followed = open_case(victim_name="Lucas Api Teste")
    accepted = refer(followed)
    referrals.transition_referral(acting("ct.passos"), accepted, "accept")
    from serdh.cases import transfers

    moving = open_case(victim_name="Caio Api Transferência")
    transfer = transfers.request_transfer(
        acting("cras.passos"),
        moving,
        to_organization=Organization.objects.get(name="Conselho Tutelar de Passos"),
        reason="Medida de proteção: o caso passa ao Conselho Tutelar.",
    )

    def case_status(case):
        def status(p):
            if p == "cras.passos" or (p == "ct.passos" and case is followed):
                return 200
            return 200 if p in ("gestor.passos", "gestor.mg") else 404

        return status

    def own_referral(p):
        return 200 if p in ("cras.passos", "ct.passos") else 404

    def casework_list(p):
        return 200  # lists are filtered to the caller's scope (tested in test_api.py)

    def post_only(p):
        return 405

    def service_only(status_fn):
        return lambda p: status_fn(p) if role(p) in CASEWORK else 403

    return {
        "api:case-list": [Probe((), api(casework_list))],
        "api:case-detail": [
            Probe(
                (waiting.pk,),
                api(lambda p: 404 if p == "ct.passos" else case_status(waiting)(p)),
                label="awaiting",
            ),
            Probe((followed.pk,), api(case_status(followed)), label="followed"),
        ],
        "api:case-follow-ups": [Probe((followed.pk,), api(post_only))],
        "api:case-refer": [Probe((followed.pk,), api(post_only))],
        "api:case-parties": [Probe((followed.pk,), api(post_only))],
        "api:case-violations": [Probe((followed.pk,), api(post_only))],
        # Persons are the services' alone, as on the web's person page: other roles get 403
        # for any id (it confirms nothing), services outside the cases 404.
        "api:person-detail": [
            Probe(
                (followed.parties.get(role="victim").person_id,),
                api(service_only(lambda p: 200 if p in ("cras.passos", "ct.passos") else 404)),
                label="victim of a followed case",
            ),
            Probe(
                (waiting.parties.get(role="victim").person_id,),
                api(service_only(lambda p: 200 if p == "cras.passos" else 404)),
                label="victim of a case awaiting the decision",
            ),
        ],
        "api:transfer-list": [Probe((), api(casework_list))],
        "api:transfer-detail": [Probe((transfer.pk,), api(own_referral))],
        "api:transfer-accept": [Probe((transfer.pk,), api(post_only))],
        "api:transfer-refuse": [Probe((transfer.pk,), api(post_only))],
        "api:transfer-cancel": [Probe((transfer.pk,), api(post_only))],
        "api:referral-list": [Probe((), api(casework_list))],
        "api:referral-detail": [Probe((waiting_referral.pk,), api(own_referral))],
        "api:referral-fhir": [Probe((waiting_referral.pk,), api(own_referral))],
        "api:referral-accept": [Probe((waiting_referral.pk,), api(post_only))],
        "api:referral-decline": [Probe((waiting_referral.pk,), api(post_only))],
        "api:referral-start": [Probe((waiting_referral.pk,), api(post_only))],
        "api:referral-complete": [Probe((waiting_referral.pk,), api(post_only))],
        "api:referral-cancel": [Probe((waiting_referral.pk,), api(post_only))],
        "api:municipality-list": [Probe((), api(lambda p: 200))],
        "api:municipality-detail": [Probe((3147907,), api(lambda p: 200))],
        "api:organization-list": [Probe((), api(lambda p: 200))],
        "api:organization-detail": [Probe((o["passos_cras"].pk,), api(lambda p: 200))],
        "api:vocabulary-list": [Probe((), api(lambda p: 200))],
        "api:vocabulary-detail": [Probe(("violation_type",), api(lambda p: 200))],
        # The HSDS directory is public, like the public directory page it mirrors.
        **hsds_entries(o),
        # Any other path under /api/: a problem+json 404 for everyone, signed in or not.
        "api:not_found": [Probe(("v1/nada/aqui/",), lambda p: 404, label="no such route")],
        # The contract is public (no data in it): integrators read it before they have access.
        "api:schema": [Probe((), lambda p: 200)],
        "api:docs": [Probe((), lambda p: 200)],
    }


def hsds_entries(o):
    public = o["passos_cras"].pk
    everyone = lambda p: 200  # noqa: E731

    def one(kind):
        return [
            Probe((hsds.hsds_id(kind, public),), everyone, label="public service"),
            Probe(
                (hsds.hsds_id(kind, o["passos_shelter"].pk),),
                lambda p: 404,
                label="confidential shelter",
            ),
        ]

    return {
        "api:hsds_index": [Probe((), everyone)],
        "api:hsds_openapi": [Probe((), everyone)],
        "api:hsds_services": [Probe((), everyone)],
        "api:hsds_service": one("service"),
        "api:hsds_organizations": [Probe((), everyone)],
        "api:hsds_organization": one("organization"),
        "api:hsds_service_at_locations": [Probe((), everyone)],
        "api:hsds_service_at_location": one("service_at_location"),
        "api:hsds_taxonomies": [Probe((), everyone)],
        "api:hsds_taxonomy": [Probe((hsds.hsds_id("taxonomy", 1),), everyone)],
        "api:hsds_taxonomy_terms": [Probe((), everyone)],
        "api:hsds_taxonomy_term": [Probe((hsds.hsds_id("taxonomy_term", 1),), everyone)],
    }


__all__ = ["role", "CASEWORK"]

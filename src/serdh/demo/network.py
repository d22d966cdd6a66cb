"""The demo network of Minas Gerais: adhered municipalities, their services, one user per role.

Organizations and users are created directly (with their audit events); adhesions go through
the same services the state admin uses. Names, CPFs and contact data are generated with Faker
pt_BR: nobody real.
"""

from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from faker import Faker

from serdh.accounts.models import Membership, User
from serdh.accounts.selectors import use_membership
from serdh.core import audit
from serdh.core.context import use_context
from serdh.core.crypto import blind_index, normalize_identifier
from serdh.core.roles import Role
from serdh.network import services as network_services
from serdh.network import territory
from serdh.network.choices import KIND_SECTOR, OrganizationLevel
from serdh.network.choices import OrganizationKind as K
from serdh.network.models import Adhesion, Municipality, Organization, State, fold
from serdh.vocabularies.loader import load_all
from serdh.vocabularies.models import Term

PASSOS, BH, MONTES_CLAROS, JUIZ_DE_FORA = 3147907, 3106200, 3143302, 3136702
ACTIVE = (PASSOS, BH, MONTES_CLAROS)
NOT_ADHERED = JUIZ_DE_FORA  # signed, not yet active

STATE_ORGS = [
    (
        "Secretaria de Estado de Desenvolvimento Social — Subsecretaria de Direitos Humanos",
        "SEDESE",
        K.SECRETARIAT,
        BH,
    ),
]

NETWORK = {
    PASSOS: [
        ("CRAS Centro — Passos", "CRAS Centro", K.CRAS),
        ("CRAS Novo Horizonte — Passos", "CRAS NH", K.CRAS),
        ("CREAS Passos", "CREAS", K.CREAS),
        ("Conselho Tutelar de Passos", "CT", K.CONSELHO_TUTELAR),
        ("UBS Bela Vista — Passos", "UBS", K.UBS),
        ("CAPS II Passos", "CAPS", K.CAPS),
        ("Escola Municipal Professora Zélia Mendes", "EM", K.SCHOOL),
        ("Delegacia de Polícia Civil de Passos", "DPC", K.POLICE_STATION),
        ("Secretaria Municipal de Desenvolvimento Social de Passos", "SMDS", K.SECRETARIAT),
        ("Casa de Acolhimento Provisório Passos", "CAP", K.NGO),
    ],
    BH: [
        ("CRAS Barreiro", "CRAS", K.CRAS),
        ("CREAS Centro-Sul", "CREAS", K.CREAS),
        ("Conselho Tutelar Regional Centro-Sul", "CT-CS", K.CONSELHO_TUTELAR),
        ("Centro de Saúde Santa Tereza", "CS", K.UBS),
        ("Hospital Municipal Odilon Behrens", "HOB", K.HOSPITAL),
        ("Escola Municipal Belo Horizonte Sul", "EM", K.SCHOOL),
        ("Delegacia Especializada de Atendimento à Mulher", "DEAM", K.DEAM),
        ("Delegacia Especializada de Proteção à Criança e ao Adolescente", "DEPCA", K.DPCA),
        ("Centro de Referência da Mulher Benvinda", "CRM", K.WOMENS_CENTER),
        ("Secretaria Municipal de Assistência Social de Belo Horizonte", "SMASAC", K.SECRETARIAT),
    ],
    MONTES_CLAROS: [
        ("CRAS Major Prates — Montes Claros", "CRAS", K.CRAS),
        ("CREAS Montes Claros", "CREAS", K.CREAS),
        ("Conselho Tutelar de Montes Claros", "CT", K.CONSELHO_TUTELAR),
        ("Secretaria Municipal de Desenvolvimento Social de Montes Claros", "SMDS", K.SECRETARIAT),
    ],
    JUIZ_DE_FORA: [
        ("CRAS Leste — Juiz de Fora", "CRAS", K.CRAS),
        ("Conselho Tutelar de Juiz de Fora", "CT", K.CONSELHO_TUTELAR),
        ("Secretaria Municipal de Assistência Social de Juiz de Fora", "SAS", K.SECRETARIAT),
    ],
}

STATE_LEVEL_KINDS = {K.POLICE_STATION, K.DEAM, K.DPCA}
CONFIDENTIAL = {"Casa de Acolhimento Provisório Passos"}

# (username, organization name, role); full names are generated
USERS = [
    ("cras.passos", "CRAS Centro — Passos", Role.WORKER),
    ("creas.passos", "CREAS Passos", Role.WORKER),
    ("ct.passos", "Conselho Tutelar de Passos", Role.WORKER),
    (
        "gestor.passos",
        "Secretaria Municipal de Desenvolvimento Social de Passos",
        Role.MUNICIPAL_MANAGER,
    ),
    (
        "admin.passos",
        "Secretaria Municipal de Desenvolvimento Social de Passos",
        Role.MUNICIPAL_ADMIN,
    ),
    ("coord.creas.passos", "CREAS Passos", Role.COORDINATOR),
    (
        "colab.passos",
        "Secretaria Municipal de Desenvolvimento Social de Passos",
        Role.CONTRIBUTOR,
    ),
    ("cras.bh", "CRAS Barreiro", Role.WORKER),
    ("ct.bh", "Conselho Tutelar Regional Centro-Sul", Role.WORKER),
    (
        "gestor.bh",
        "Secretaria Municipal de Assistência Social de Belo Horizonte",
        Role.MUNICIPAL_MANAGER,
    ),
    (
        "admin.bh",
        "Secretaria Municipal de Assistência Social de Belo Horizonte",
        Role.MUNICIPAL_ADMIN,
    ),
    ("cras.jf", "CRAS Leste — Juiz de Fora", Role.WORKER),
    ("gestor.mg", "SEDESE", Role.STATE_MANAGER),
    ("admin.mg", "SEDESE", Role.STATE_ADMIN),
    ("auditor.mg", "SEDESE", Role.AUDITOR),
    ("editor.mg", "SEDESE", Role.EDITOR),
]

# A minimal, valid one-page PDF, written for the demo: the "signed term" of each adhesion.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _phone(fake):
    return f"(35) 3{fake.numerify('###-####')}"


def _create_user(username, organization, role, password, fake):
    cpf = normalize_identifier(fake.cpf())  # generated, valid check digits, nobody's
    user = User(
        username=username,
        full_name=fake.name(),
        email=f"{username}@demo.serdh.invalid",
        cpf=cpf,
        cpf_index=blind_index(cpf, "cpf"),
    )
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organization=organization, role=role)
    audit.record("user.created", user, data={"username": username, "demo": True})
    return user


def seed(stdout=None, password=None):
    """Create the demo network; True if created, False if it already existed."""
    if User.objects.filter(username="admin.mg").exists():
        return False
    password = password or settings.SERDH_DEMO_PASSWORD
    if not Municipality.objects.filter(code=PASSOS).exists():
        # A database flushed after migrating (transactional tests) lost the territory.
        territory.load(State, Municipality)
    if not Term.objects.exists():
        load_all()
    fake = Faker("pt_BR")
    Faker.seed(2026)
    with transaction.atomic(), use_context(channel="cli", actor_label="demo"):
        orgs = {}
        municipalities = Municipality.objects.in_bulk([PASSOS, BH, MONTES_CLAROS, JUIZ_DE_FORA])
        for name, acronym, kind, code in STATE_ORGS:
            orgs[acronym] = Organization.objects.create(
                name=name,
                acronym=acronym,
                kind=kind,
                sector=KIND_SECTOR[kind],
                level=OrganizationLevel.STATE,
                municipality=municipalities[code],
                address=fake.street_address(),
                phone=_phone(fake),
                email="direitos.humanos@demo.serdh.invalid",
                opening_hours="Seg a sex, 8h às 18h",
                search_name=fold(f"{name} {acronym}"),
            )
        for code, entries in NETWORK.items():
            for name, acronym, kind in entries:
                orgs[name] = Organization.objects.create(
                    name=name,
                    acronym=acronym,
                    kind=kind,
                    sector=KIND_SECTOR[kind],
                    level=OrganizationLevel.STATE
                    if kind in STATE_LEVEL_KINDS
                    else OrganizationLevel.MUNICIPAL,
                    municipality=municipalities[code],
                    address=fake.street_address(),
                    postal_code=fake.postcode(),
                    phone=_phone(fake),
                    email=f"{fold(acronym).replace(' ', '')}.{code}@demo.serdh.invalid",
                    opening_hours="Seg a sex, 8h às 17h"
                    if kind != K.CONSELHO_TUTELAR
                    else "24 horas (plantão)",
                    is_public=name not in CONFIDENTIAL,
                    search_name=fold(f"{name} {acronym}"),
                )
        users = {}
        for username, org_name, role in USERS:
            users[username] = _create_user(username, orgs[org_name], role, password, fake)
        # The state admin runs the adhesions through the real services.
        admin = users["admin.mg"]
        use_membership(admin, admin.memberships.get())
        with use_context(
            actor_id=admin.pk, actor_label=admin.username, organization_id=orgs["SEDESE"].pk
        ):
            for code in (*ACTIVE, NOT_ADHERED):
                adhesion = network_services.request_adhesion(
                    admin, municipalities[code], requested_at=date(2024, 3, 1)
                )
                network_services.transition_adhesion(
                    admin,
                    adhesion,
                    "sign",
                    signed_at=date(2024, 4, 15),
                    signatory_name=fake.name(),
                    signatory_role="Prefeito(a) Municipal",
                    signed_term=SimpleUploadedFile("termo.pdf", DEMO_PDF, "application/pdf"),
                )
                if code in ACTIVE:
                    network_services.transition_adhesion(admin, adhesion, "activate")
                    # The demo's story: active since the month after signing (its cases and
                    # its monthly reports go back to then), not since the day it was seeded.
                    Adhesion.objects.filter(pk=adhesion.pk).update(activated_at=date(2024, 5, 2))
            # A municipality that has only asked.
            network_services.request_adhesion(admin, Municipality.objects.get(code=3170107))
    if stdout:
        stdout.write(
            f"Rede demo criada: {Organization.objects.count()} organizações, "
            f"{Adhesion.objects.count()} adesões, {len(users)} usuários.\n"
        )
    return True

"""The SINAN notification from the case: the ficha de notificação individual de violência
interpessoal/autoprovocada filled from what SIMA holds plus what only the ficha asks.

Field numbers and codes follow the ficha (v5) as listed in ../shared/reference/domain-facts.md;
column names are those of the DATASUS microdata (VIOLBRyy). What the case holds is read
(``case_values``); what it does not is asked on the SINAN page and kept in
``SinanNotification.answers`` (``EXTRA``). ``ficha(notification)`` gives every field with its
number for the PDF (obligations.sinan_pdf) and its column for the DBF export
(obligations.sinan_dbf). Recording the notification as sent, with SINAN's number, fulfils the
compulsory notification (rule ``pc4.anexo5``: obligations.rules).
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.choices import PartyRole
from serdh.cases.models import Party, Referral, Violation
from serdh.core import audit
from serdh.core.errors import ServiceError
from serdh.network.choices import OrganizationKind, Sector
from serdh.vocabularies.models import Term

from . import rules, services
from .models_sinan import SinanNotification

YES, NO, NSA, IGN = "1", "2", "8", "9"
YES_NO_IGN = (
    (YES, gettext_lazy("Sim")),
    (NO, gettext_lazy("Não")),
    (IGN, gettext_lazy("Ignorado")),
)
YES_NO_NSA_IGN = (
    (YES, gettext_lazy("Sim")),
    (NO, gettext_lazy("Não")),
    (NSA, gettext_lazy("Não se aplica")),
    (IGN, gettext_lazy("Ignorado")),
)

# Field 16: schooling (CS_ESCOL_N).
SCHOOLING = (
    ("00", gettext_lazy("Analfabeto")),
    ("01", gettext_lazy("1ª a 4ª série incompleta do ensino fundamental")),
    ("02", gettext_lazy("4ª série completa do ensino fundamental")),
    ("03", gettext_lazy("5ª a 8ª série incompleta do ensino fundamental")),
    ("04", gettext_lazy("Ensino fundamental completo")),
    ("05", gettext_lazy("Ensino médio incompleto")),
    ("06", gettext_lazy("Ensino médio completo")),
    ("07", gettext_lazy("Educação superior incompleta")),
    ("08", gettext_lazy("Educação superior completa")),
    ("09", gettext_lazy("Ignorado")),
    ("10", gettext_lazy("Não se aplica")),
)
# Field 14: pregnancy (CS_GESTANT).
PREGNANCY = (
    ("1", gettext_lazy("1º trimestre")),
    ("2", gettext_lazy("2º trimestre")),
    ("3", gettext_lazy("3º trimestre")),
    ("4", gettext_lazy("Idade gestacional ignorada")),
    ("5", gettext_lazy("Não")),
    ("6", gettext_lazy("Não se aplica")),
    ("9", gettext_lazy("Ignorado")),
)
# Field 60: number of people involved (NUM_ENVOLV).
INVOLVED = (
    ("1", gettext_lazy("Um")),
    ("2", gettext_lazy("Dois ou mais")),
    (IGN, gettext_lazy("Ignorado")),
)
# Field 64: the probable author's life cycle (CICL_VID).
LIFE_CYCLE = (
    ("1", gettext_lazy("Criança (0 a 9 anos)")),
    ("2", gettext_lazy("Adolescente (10 a 19 anos)")),
    ("3", gettext_lazy("Jovem (20 a 24 anos)")),
    ("4", gettext_lazy("Pessoa adulta (25 a 59 anos)")),
    ("5", gettext_lazy("Pessoa idosa (60 anos ou mais)")),
    (IGN, gettext_lazy("Ignorado")),
)
# Field 59: procedures after sexual violence.
PROCEDURES = (
    ("PROC_DST", gettext_lazy("Profilaxia de IST")),
    ("PROC_HIV", gettext_lazy("Profilaxia de HIV")),
    ("PROC_HEPB", gettext_lazy("Profilaxia de hepatite B")),
    ("PROC_SANG", gettext_lazy("Coleta de sangue")),
    ("PROC_SEMEN", gettext_lazy("Coleta de sêmen")),
    ("PROC_VAGIN", gettext_lazy("Coleta de secreção vaginal")),
    ("PROC_CONTR", gettext_lazy("Contracepção de emergência")),
    ("PROC_ABORT", gettext_lazy("Aborto previsto em lei")),
)
# Field 65: referrals, and the kinds of SIMA service each one is.
REFERRALS = (
    ("REDE_SAU", gettext_lazy("Rede da saúde")),
    ("ASSIST_SOC", gettext_lazy("Rede da assistência social")),
    ("REDE_EDUCA", gettext_lazy("Rede da educação")),
    ("ATEND_MULH", gettext_lazy("Rede de atendimento à mulher")),
    ("CONS_TUTEL", gettext_lazy("Conselho Tutelar")),
    ("CONS_IDO", gettext_lazy("Conselho do Idoso")),
    ("DELEG_IDOS", gettext_lazy("Delegacia de atendimento ao idoso")),
    ("DIR_HUMAN", gettext_lazy("Centro de referência dos direitos humanos")),
    ("MPU", gettext_lazy("Ministério Público")),
    ("DELEG_CRIA", gettext_lazy("Delegacia de proteção da criança e do adolescente")),
    ("DELEG_MULH", gettext_lazy("Delegacia de atendimento à mulher")),
    ("DELEG", gettext_lazy("Outras delegacias")),
    ("INFAN_JUV", gettext_lazy("Justiça da infância e da juventude")),
    ("DEFEN_PUBL", gettext_lazy("Defensoria pública")),
)
K = OrganizationKind
REFERRAL_KIND = {
    K.CONSELHO_TUTELAR: "CONS_TUTEL",
    K.WOMENS_CENTER: "ATEND_MULH",
    K.CRDH: "DIR_HUMAN",
    K.PROSECUTION: "MPU",
    K.DPCA: "DELEG_CRIA",
    K.DEAM: "DELEG_MULH",
    K.POLICE_STATION: "DELEG",
    K.CHILDHOOD_COURT: "INFAN_JUV",
    K.PUBLIC_DEFENDER: "DEFEN_PUBL",
}
REFERRAL_SECTOR = {
    Sector.HEALTH: "REDE_SAU",
    Sector.SOCIAL_ASSISTANCE: "ASSIST_SOC",
    Sector.EDUCATION: "REDE_EDUCA",
}
# Field 6: the notifying unit (TPUNINOT).
UNIT_KIND = {
    Sector.HEALTH: "1",
    Sector.SOCIAL_ASSISTANCE: "2",
    Sector.EDUCATION: "3",
}

# The ficha's questions SIMA asks (column, field number, label, choices); the rest is read.
EXTRA = (
    ("CS_GESTANT", 14, gettext_lazy("Gestante"), PREGNANCY),
    ("CS_ESCOL_N", 16, gettext_lazy("Escolaridade"), SCHOOLING),
    ("LES_AUTOP", 54, gettext_lazy("A lesão foi autoprovocada?"), YES_NO_IGN),
    ("NUM_ENVOLV", 60, gettext_lazy("Número de envolvidos"), INVOLVED),
    ("AUTOR_ALCO", 63, gettext_lazy("Suspeita de uso de álcool pelo provável autor"), YES_NO_IGN),
    ("CICL_VID", 64, gettext_lazy("Ciclo de vida do provável autor"), LIFE_CYCLE),
    ("REL_TRAB", 66, gettext_lazy("Violência relacionada ao trabalho?"), YES_NO_IGN),
    ("REL_CAT", 67, gettext_lazy("Se sim, foi emitida a CAT?"), YES_NO_NSA_IGN),
)
EXTRA_COLUMNS = {column: choices for column, _n, _l, choices in EXTRA}
for _column, _label in PROCEDURES:
    EXTRA_COLUMNS[_column] = YES_NO_NSA_IGN
for _column, _label in REFERRALS:
    EXTRA_COLUMNS[_column] = YES_NO_IGN

TYPE_COLUMNS = (
    "VIOL_FISIC",
    "VIOL_PSICO",
    "VIOL_TORT",
    "VIOL_SEXU",
    "VIOL_TRAF",
    "VIOL_FINAN",
    "VIOL_NEGLI",
    "VIOL_INFAN",
    "VIOL_LEGAL",
    "VIOL_OUTR",
)
MEANS_COLUMNS = (
    "AG_FORCA",
    "AG_ENFOR",
    "AG_OBJETO",
    "AG_CORTE",
    "AG_QUENTE",
    "AG_ENVEN",
    "AG_FOGO",
    "AG_AMEACA",
    "AG_OUTROS",
)
SEXUAL_COLUMNS = ("SEX_ASSEDI", "SEX_ESTUPR", "SEX_PORNO", "SEX_EXPLO", "SEX_OUTRO")
DISABILITY_COLUMNS = (
    "DEF_FISICA",
    "DEF_MENTAL",
    "DEF_VISUAL",
    "DEF_AUDITI",
    "TRAN_MENT",
    "TRAN_COMP",
    "DEF_OUT",
)
RELATIONSHIP_COLUMNS = tuple(
    f"REL_{c}"
    for c in (
        "PAI",
        "MAE",
        "PAD",
        "MAD",
        "CONJ",
        "EXCON",
        "NAMO",
        "EXNAM",
        "FILHO",
        "IRMAO",
        "CONHEC",
        "DESCO",
        "CUIDA",
        "PATRAO",
        "INST",
        "POL",
        "PROPRI",
        "OUTROS",
    )
)


def epi_week(day):
    """The epidemiological week (YYYYWW) SINAN stamps a notification with: weeks run Sunday to
    Saturday; week 1 is the first one with at least four days in the year."""

    def week_one_start(year):
        jan1 = date(year, 1, 1)
        sunday = jan1 - timedelta(days=(jan1.weekday() + 1) % 7)
        return sunday if (jan1 - sunday).days <= 3 else sunday + timedelta(days=7)

    year = day.year
    start = week_one_start(year)
    if day < start:
        year -= 1
        start = week_one_start(year)
    elif day >= week_one_start(year + 1):
        year += 1
        start = week_one_start(year)
    return f"{year}{(day - start).days // 7 + 1:02d}"


def age_code(years):
    """NU_IDADE_N: unit digit (4 = years) and the value on three digits: 4014 = 14 years."""
    return "" if years is None else f"4{years:03d}"


def life_cycle(age):
    if age is None:
        return IGN
    for limit, code in ((9, "1"), (19, "2"), (24, "3"), (59, "4")):
        if age <= limit:
            return code
    return "5"


@dataclass
class Field:
    number: int
    label: str
    value: str  # as printed on the ficha
    column: str = ""
    code: str = ""  # as exported


def defaults(case, victim, organization):
    """What SIMA can already say for the ficha's questions it does not hold as such."""
    violations = list(
        Violation.objects.filter(case=case, victim=victim).select_related("relationship")
    )
    authors = list(Party.objects.filter(case=case, role=PartyRole.AUTHOR))
    self_inflicted = any(v.relationship and v.relationship.code == "self" for v in violations)
    found = {
        "CS_GESTANT": "6" if victim.sex != "F" or (victim.age_years or 0) < 10 else "",
        "CS_ESCOL_N": "10" if victim.age_years is not None and victim.age_years < 6 else "",
        "LES_AUTOP": YES if self_inflicted else NO,
        "NUM_ENVOLV": "2" if len(authors) > 1 else ("1" if authors else IGN),
        "AUTOR_ALCO": IGN,
        "CICL_VID": life_cycle(authors[0].age_years) if len(authors) == 1 else IGN,
        "REL_TRAB": IGN,
        "REL_CAT": NSA,
    }
    sexual = any(
        v.type_id and Term.objects.filter(pk=v.type_id, code="sexual").exists() for v in violations
    )
    for column, _label in PROCEDURES:
        found[column] = "" if sexual else NSA
    sent_to = set()
    for referral in (
        Referral.objects.filter(case=case, from_organization=organization)
        .exclude(status="cancelled")
        .select_related("to_organization")
    ):
        org = referral.to_organization
        column = REFERRAL_KIND.get(org.kind) or REFERRAL_SECTOR.get(org.sector)
        if column:
            sent_to.add(column)
    for column, _label in REFERRALS:
        found[column] = YES if column in sent_to else NO
    return found


def notification_for(user, case, victim, organization):
    found = SinanNotification.objects.filter(case=case, victim=victim, organization=organization)
    return found.first()


def save(user, case, *, victim_id, answers, occupation="", number="", notified_on=None, send=False):
    """Keep the ficha's answers; with ``send``, record that it went to SINAN with its number,
    which fulfils the compulsory notification."""
    for column, value in answers.items():
        allowed = {code for code, _label in EXTRA_COLUMNS.get(column, ())}
        if column not in EXTRA_COLUMNS or value not in allowed:
            raise ServiceError(_("Escolha uma resposta da lista."), field=column)
    number = (number or "").strip()
    if send:
        missing = [c for c in EXTRA_COLUMNS if not answers.get(c)]
        if missing:
            raise ServiceError(
                _("Para enviar a notificação, responda todos os campos da ficha."),
                field=missing[0],
            )
        if not (number.isdigit() and len(number) == 7):
            raise ServiceError(
                _("Informe o número da notificação no SINAN (7 dígitos)."), field="number"
            )
        if notified_on is None or notified_on > timezone.localdate():
            raise ServiceError(
                _("Informe a data da notificação (não pode estar no futuro)."),
                field="notified_on",
            )
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        victim = Party.objects.filter(case=case, pk=victim_id, role=PartyRole.VICTIM).first()
        if victim is None:
            raise ServiceError(_("Escolha a vítima da notificação."), field="victim")
        notification, _created = SinanNotification.objects.select_for_update().get_or_create(
            case=case,
            victim=victim,
            organization=organization,
            defaults={"updated_by": user, "updated_at": timezone.now()},
        )
        if notification.sent_at:
            raise ServiceError(_("Esta notificação já foi enviada ao SINAN."))
        notification.answers = json.dumps(answers, sort_keys=True)
        notification.occupation = (occupation or "").strip()[:200]
        notification.number = number
        notification.notified_on = notified_on
        notification.updated_by = user
        notification.updated_at = timezone.now()
        if send:
            notification.sent_at = timezone.now()
            notification.sent_by = user
        notification.save()
        if send:
            log(
                case,
                "sinan_sent",
                _("Notificação SINAN registrada (%(p)s)") % {"p": victim.pseudonym},
                user,
                organization,
            )
        audit.record(
            "obligation.sinan_recorded",
            case,
            data={"notification": notification.pk, "sent": bool(send)},
        )
    return notification


# The rule pc4.anexo5 is fulfilled by a notification recorded as sent (obligations.rules).
@services.register_loader
def load_facts(facts):
    facts.extra["sinan_sent"] = {
        (n.organization_id, n.victim_id): n.sent_at
        for n in SinanNotification.objects.filter(case=facts.case, sent_at__isnull=False)
    }


def _sinan_done(facts, obligation):
    sent = facts.extra.get("sinan_sent", {}).get((obligation.organization_id, obligation.victim_id))
    if not sent:
        return None
    number = (
        SinanNotification.objects.filter(
            case=facts.case,
            organization_id=obligation.organization_id,
            victim_id=obligation.victim_id,
        )
        .values_list("number", flat=True)
        .first()
    )
    recorded = {"channel": "system", "recipient": str(_("SINAN")), "protocol": number or ""}
    return sent, "sinan", None, recorded


rules.attach_fulfilment("pc4.anexo5", _sinan_done)


def _term_code(term_id, attr="sinan_code"):
    if not term_id:
        return ""
    return Term.objects.filter(pk=term_id).values_list(attr, flat=True).first() or ""


def _codes_of(person_field):
    return [c for c in (person_field or "").split(",") if c]


def _sinan_of(key, code):
    if not code:
        return ""
    return (
        Term.objects.filter(vocabulary__key=key, code=code)
        .values_list("sinan_code", flat=True)
        .first()
        or ""
    )


def _label(choices, code):
    return str(dict(choices).get(code, "")) if code else ""


def ficha(notification):
    """Every field of the ficha for this notification: [(section, [Field])], numbered as on
    the form, each with its DATASUS column and code where the export carries one."""
    case = notification.case
    victim = notification.victim
    person = victim.person
    org = notification.organization
    answers = json.loads(notification.answers or "{}")
    violations = list(Violation.objects.filter(case=case, victim=victim).prefetch_related("means"))
    authors = list(Party.objects.filter(case=case, role=PartyRole.AUTHOR))
    type_codes = {
        code
        for v in violations
        for code in (_term_code(v.type_id), _term_code(v.subtype_id))
        if code
    }
    means_codes = {m.sinan_code for v in violations for m in v.means.all() if m.sinan_code}
    rel_columns = {_term_code(v.relationship_id) for v in violations if v.relationship_id}
    motivation = next((_term_code(v.motivation_id) for v in violations if v.motivation_id), "")
    repeated = any(v.recurrence == "repeated" for v in violations)
    first = all(v.recurrence == "first" for v in violations)
    birth = person.birth_date if person and person.birth_precision == "day" else ""
    disabilities = {_sinan_of("disability", c) for c in _codes_of(person and person.disabilities)}
    yes_no = {True: YES, False: NO}

    def flag(present):
        return yes_no[bool(present)]

    mun = case.municipality_id
    residence = person.residence_municipality_id if person else None
    sex = victim.sex or (person.sex if person else "") or "I"
    general = [
        Field(1, _("Tipo de notificação"), _("2 — Individual"), "TP_NOT", "2"),
        Field(
            2,
            _("Agravo/doença"),
            _("Violência interpessoal/autoprovocada (CID-10 Y09)"),
            "ID_AGRAVO",
            "Y09",
        ),
        Field(
            3,
            _("Data da notificação"),
            notification.notified_on.strftime("%d/%m/%Y") if notification.notified_on else "",
            "DT_NOTIFIC",
            notification.notified_on.isoformat() if notification.notified_on else "",
        ),
        Field(4, _("UF"), case.municipality.state.uf, "SG_UF_NOT", str(case.municipality.state_id)),
        Field(
            5,
            _("Município de notificação"),
            case.municipality.name,
            "ID_MUNICIP",
            str(org.municipality_id)[:6],
        ),
        Field(
            6,
            _("Unidade notificadora"),
            _label(
                ((UNIT_KIND.get(org.sector, "7"), org.get_sector_display()),),
                UNIT_KIND.get(org.sector, "7"),
            ),
            "TPUNINOT",
            UNIT_KIND.get(org.sector, "7"),
        ),
        Field(7, _("Nome da unidade notificadora"), org.name),
        Field(
            9,
            _("Data da ocorrência da violência"),
            case.occurred_on.strftime("%d/%m/%Y") if case.occurred_on else "",
            "DT_OCOR",
            case.occurred_on.isoformat() if case.occurred_on else "",
        ),
    ]
    person_fields = [
        Field(10, _("Nome"), (person.full_name if person else "") or victim.pseudonym),
        Field(
            11,
            _("Data de nascimento"),
            birth and date.fromisoformat(birth).strftime("%d/%m/%Y"),
            "DT_NASC",
            birth,
        ),
        Field(
            12,
            _("Idade"),
            f"{victim.age_years} anos" if victim.age_years is not None else "",
            "NU_IDADE_N",
            age_code(victim.age_years),
        ),
        Field(
            13,
            _("Sexo"),
            {"M": _("Masculino"), "F": _("Feminino")}.get(sex, _("Ignorado")),
            "CS_SEXO",
            sex,
        ),
        Field(
            14,
            _("Gestante"),
            _label(PREGNANCY, answers.get("CS_GESTANT")),
            "CS_GESTANT",
            answers.get("CS_GESTANT", ""),
        ),
        Field(
            15,
            _("Raça/cor"),
            _sinan_label("race_color", person and person.race_color),
            "CS_RACA",
            _sinan_of("race_color", person and person.race_color) or IGN,
        ),
        Field(
            16,
            _("Escolaridade"),
            _label(SCHOOLING, answers.get("CS_ESCOL_N")),
            "CS_ESCOL_N",
            answers.get("CS_ESCOL_N", ""),
        ),
        Field(17, _("Número do Cartão SUS"), (person.cns if person else "") or ""),
        Field(18, _("Nome da mãe"), (person.mother_name if person else "") or ""),
        Field(
            20,
            _("Município de residência"),
            person.residence_municipality.name if residence else "",
            "ID_MN_RESI",
            str(residence)[:6] if residence else "",
        ),
        Field(33, _("Nome social"), (person.social_name if person else "") or ""),
        Field(34, _("Ocupação"), notification.occupation),
        Field(
            36,
            _("Orientação sexual"),
            _sinan_label("sexual_orientation", person and person.sexual_orientation),
            "ORIENT_SEX",
            _sinan_of("sexual_orientation", person and person.sexual_orientation) or IGN,
        ),
        Field(
            37,
            _("Identidade de gênero"),
            _sinan_label("gender_identity", person and person.gender_identity),
            "IDENT_GEN",
            _sinan_of("gender_identity", person and person.gender_identity) or NSA,
        ),
        Field(
            38,
            _("Possui algum tipo de deficiência/transtorno?"),
            _label(YES_NO_IGN, flag(disabilities)),
            "DEF_TRANS",
            flag(disabilities),
        ),
    ]
    for n, column in enumerate(DISABILITY_COLUMNS, start=1):
        present = f"39.{n}" in disabilities
        person_fields.append(
            Field(
                39,
                _item("disability", f"39.{n}", column),
                _label(YES_NO_NSA_IGN, flag(present) if disabilities else NSA),
                column,
                flag(present) if disabilities else NSA,
            )
        )
    occurrence = [
        Field(41, _("Município de ocorrência"), case.municipality.name, "ID_MN_OCOR", str(mun)[:6]),
        Field(
            52,
            _("Local de ocorrência"),
            case.place.label if case.place_id else "",
            "LOCAL_OCOR",
            _term_code(case.place_id) or "99",
        ),
        Field(
            53,
            _("Ocorreu outras vezes?"),
            _label(YES_NO_IGN, YES if repeated else NO if first else IGN),
            "OUT_VEZES",
            YES if repeated else NO if first else IGN,
        ),
        Field(
            54,
            _("A lesão foi autoprovocada?"),
            _label(YES_NO_IGN, answers.get("LES_AUTOP")),
            "LES_AUTOP",
            answers.get("LES_AUTOP", ""),
        ),
    ]
    violence = [
        Field(
            55,
            _("Essa violência foi motivada por"),
            _term_label(next((v.motivation_id for v in violations if v.motivation_id), None)),
            "VIOL_MOTIV",
            motivation or "99",
        ),
    ]
    for n, column in enumerate(TYPE_COLUMNS, start=1):
        violence.append(
            Field(
                56,
                _item("violation_type", f"56.{n}", column),
                _label(YES_NO_IGN, flag(f"56.{n}" in type_codes)),
                column,
                flag(f"56.{n}" in type_codes),
            )
        )
    for n, column in enumerate(MEANS_COLUMNS, start=1):
        violence.append(
            Field(
                57,
                _item("means", f"57.{n}", column),
                _label(YES_NO_IGN, flag(f"57.{n}" in means_codes)),
                column,
                flag(f"57.{n}" in means_codes),
            )
        )
    sexual = "56.4" in type_codes
    for n, column in enumerate(SEXUAL_COLUMNS, start=1):
        code = flag(f"58.{n}" in type_codes) if sexual else NSA
        violence.append(
            Field(
                58,
                _item("violation_type", f"58.{n}", column),
                _label(YES_NO_NSA_IGN, code),
                column,
                code,
            )
        )
    for column, label in PROCEDURES:
        code = answers.get(column, "")
        violence.append(Field(59, str(label), _label(YES_NO_NSA_IGN, code), column, code))
    author = [
        Field(
            60,
            _("Número de envolvidos"),
            _label(INVOLVED, answers.get("NUM_ENVOLV")),
            "NUM_ENVOLV",
            answers.get("NUM_ENVOLV", ""),
        ),
    ]
    for column in RELATIONSHIP_COLUMNS:
        author.append(
            Field(
                61,
                _item("relationship", column, column),
                _label(YES_NO_IGN, flag(column in rel_columns)),
                column,
                flag(column in rel_columns),
            )
        )
    author_sexes = {a.sex for a in authors if a.sex in ("M", "F")}
    author_sex = (
        "3"
        if author_sexes == {"M", "F"}
        else {"M": "1", "F": "2"}.get(next(iter(author_sexes), ""), IGN)
    )
    author += [
        Field(
            62,
            _("Sexo do provável autor da violência"),
            {"1": _("Masculino"), "2": _("Feminino"), "3": _("Ambos os sexos")}.get(
                author_sex, _("Ignorado")
            ),
            "AUTOR_SEXO",
            author_sex,
        ),
        Field(
            63,
            _("Suspeita de uso de álcool"),
            _label(YES_NO_IGN, answers.get("AUTOR_ALCO")),
            "AUTOR_ALCO",
            answers.get("AUTOR_ALCO", ""),
        ),
        Field(
            64,
            _("Ciclo de vida do provável autor"),
            _label(LIFE_CYCLE, answers.get("CICL_VID")),
            "CICL_VID",
            answers.get("CICL_VID", ""),
        ),
    ]
    referrals = [
        Field(
            65, str(label), _label(YES_NO_IGN, answers.get(column)), column, answers.get(column, "")
        )
        for column, label in REFERRALS
    ]
    final = [
        Field(
            66,
            _("Violência relacionada ao trabalho"),
            _label(YES_NO_IGN, answers.get("REL_TRAB")),
            "REL_TRAB",
            answers.get("REL_TRAB", ""),
        ),
        Field(
            67,
            _("Se sim, foi emitida a CAT?"),
            _label(YES_NO_NSA_IGN, answers.get("REL_CAT")),
            "REL_CAT",
            answers.get("REL_CAT", ""),
        ),
    ]
    return [
        (_("Dados gerais"), general),
        (_("Dados da pessoa atendida"), person_fields),
        (_("Dados da ocorrência"), occurrence),
        (_("Violência"), violence),
        (_("Dados do provável autor da violência"), author),
        (_("Encaminhamento"), referrals),
        (_("Dados finais"), final),
    ]


def _sinan_label(key, code):
    if not code:
        return ""
    return (
        Term.objects.filter(vocabulary__key=key, code=code).values_list("label", flat=True).first()
        or ""
    )


def _term_label(term_id):
    if not term_id:
        return ""
    return Term.objects.filter(pk=term_id).values_list("label", flat=True).first() or ""


def columns(notification):
    """{DATASUS column: code} of the notification (the export's record)."""
    found = {"NU_NOTIFIC": notification.number}
    for _section, fields in ficha(notification):
        for f in fields:
            if f.column:
                found[f.column] = f.code
    if notification.notified_on:
        found["SEM_NOT"] = epi_week(notification.notified_on)
        found["NU_ANO"] = str(notification.notified_on.year)
    return found


GROUP_TITLES = {
    39: gettext_lazy("Tipo de deficiência/transtorno"),
    56: gettext_lazy("Tipo de violência"),
    57: gettext_lazy("Meio de agressão"),
    58: gettext_lazy("Se ocorreu violência sexual, qual o tipo?"),
    59: gettext_lazy("Procedimento realizado"),
    61: gettext_lazy("Vínculo/grau de parentesco com a pessoa atendida"),
    65: gettext_lazy("Encaminhamento"),
}


def _item(key, sinan_code, fallback):
    found = (
        Term.objects.filter(vocabulary__key=key, sinan_code=sinan_code)
        .values_list("label", flat=True)
        .first()
    )
    return found or fallback

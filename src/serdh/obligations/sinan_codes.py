"""SINAN's codes for the ficha de notificação individual de violência interpessoal/
autoprovocada (v5; field numbers and codes as in ../shared/reference/domain-facts.md; column
names as in the DATASUS microdata, VIOLBRyy), and the small computations SINAN stamps on a
notification (epidemiological week, age code, life cycle). Used by obligations.sinan (the ficha
from the case), obligations.sinan_pdf and obligations.sinan_dbf."""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy

from serdh.network.choices import OrganizationKind, Sector

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


GROUP_TITLES = {
    39: gettext_lazy("Tipo de deficiência/transtorno"),
    56: gettext_lazy("Tipo de violência"),
    57: gettext_lazy("Meio de agressão"),
    58: gettext_lazy("Se ocorreu violência sexual, qual o tipo?"),
    59: gettext_lazy("Procedimento realizado"),
    61: gettext_lazy("Vínculo/grau de parentesco com a pessoa atendida"),
    65: gettext_lazy("Encaminhamento"),
}

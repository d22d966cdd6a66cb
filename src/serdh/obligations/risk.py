"""The Formulário Nacional de Avaliação de Risco on a case.

Lei 14.149/2021 institutes the form for violence against women in domestic and family
settings (art. 1º), to be applied preferably by the police, else by the Ministério Público or
the judiciary, and allowed to other public and private bodies of the network (art. 2º, §
único); Resolução Conjunta CNJ/CNMP nº 5/2020 sets its two parts: the objective questions
(Parte I) and the professional's assessment (Parte II). The questions SIMA asks, in the order of
the form's blocks, and the summary rule for a suggested level, are data
(obligations/data/risk_form.json). The suggestion never decides: the professional records the
level, may apply the matching case urgency, and the timeline keeps both.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases import registration
from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.choices import PartyRole, Urgency
from serdh.cases.models import Party
from serdh.core import audit
from serdh.core.errors import NotPermitted, ServiceError

from .models_risk import RiskAssessment, RiskLevel

FORM_FILE = Path(__file__).resolve().parent / "data" / "risk_form.json"
ANSWERS = ("yes", "no", "unknown")
# The case urgency each level suggests (cases.choices.URGENCY_CRITERIA): an elevated risk is
# the "risco iminente" of a critical case.
URGENCY_FOR = {
    RiskLevel.HIGH: Urgency.CRITICAL,
    RiskLevel.MEDIUM: Urgency.HIGH,
    RiskLevel.LOW: Urgency.MEDIUM,
}


@lru_cache(maxsize=1)
def form():
    return json.loads(FORM_FILE.read_text(encoding="utf-8"))


def questions():
    return [q for block in form()["blocks"] for q in block["questions"]]


def suggest(answers):
    """(yes answers, severe yes answers, suggested level) under the form's summary rule."""
    rule = form()["levels"]
    yes = [q for q in questions() if answers.get(q["code"]) == "yes"]
    severe = [q for q in yes if q.get("severe")]
    if severe or len(yes) >= rule["high_at"]:
        level = RiskLevel.HIGH
    elif len(yes) >= rule["medium_at"]:
        level = RiskLevel.MEDIUM
    else:
        level = RiskLevel.LOW
    return len(yes), len(severe), level


def women_victims(case):
    return [p for p in case.parties.filter(role=PartyRole.VICTIM) if p.sex == "F"]


def record(user, case, *, victim_id, answers, level, note="", apply_urgency=False):
    missing = [q["code"] for q in questions() if answers.get(q["code"]) not in ANSWERS]
    if missing:
        raise ServiceError(
            _("Responda todas as perguntas (use “Não sei” quando for o caso)."),
            field=missing[0],
        )
    if level not in RiskLevel.values:
        raise ServiceError(_("Escolha o nível de risco avaliado."), field="level")
    note = (note or "").strip()
    yes, severe, suggested = suggest(answers)
    if level != suggested and len(note) < 10:
        raise ServiceError(
            _(
                "O nível avaliado difere do sugerido pelas respostas: explique a sua avaliação "
                "(ao menos 10 caracteres)."
            ),
            field="note",
        )
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        if case.status == "closed":
            raise ServiceError(_("Reabra o caso antes de alterá-lo."))
        victim = Party.objects.filter(case=case, pk=victim_id, role=PartyRole.VICTIM).first()
        if victim is None or victim.sex != "F":
            raise ServiceError(
                _("O formulário é aplicado à mulher vítima de violência doméstica e familiar."),
                field="victim",
            )
        before = case.urgency
        after = URGENCY_FOR[level] if apply_urgency else before
        assessment = RiskAssessment.objects.create(
            case=case,
            victim=victim,
            organization=organization,
            assessed_by=user,
            assessed_at=timezone.now(),
            form_version=form()["version"],
            answers=json.dumps({q["code"]: answers[q["code"]] for q in questions()}),
            yes_count=yes,
            severe_count=severe,
            suggested_level=suggested,
            level=level,
            note=note[:4000],
            urgency_before=before,
            urgency_after=after,
        )
        log(
            case,
            "risk_assessed",
            _("Avaliação de risco (FONAR): sugerido %(s)s, avaliado %(l)s")
            % {
                "s": RiskLevel(suggested).label.lower(),
                "l": RiskLevel(level).label.lower(),
            },
            user,
            organization,
            detail=note,
        )
        audit.record(
            "obligation.risk_assessed",
            case,
            data={"assessment": assessment.pk, "suggested": suggested, "level": level},
        )
        if after != before:
            try:
                registration.update_case(user, case, {"urgency": after})
            except NotPermitted as exc:
                raise ServiceError(
                    _(
                        "Só o serviço que registrou o caso altera a urgência. Registre a "
                        "avaliação sem aplicar a urgência e comunique o serviço."
                    ),
                    field="apply_urgency",
                ) from exc
            log(
                case,
                "urgency_from_risk",
                _("Urgência alterada de %(a)s para %(b)s pela avaliação de risco")
                % {"a": Urgency(before).label.lower(), "b": Urgency(after).label.lower()},
                user,
                organization,
            )
    return assessment


def answered(assessment):
    """[(block title, [(question text, answer label)])] for the detail page."""
    given = json.loads(assessment.answers or "{}")
    labels = form()["answers"]
    return [
        (
            block["title"],
            [(q["text"], labels.get(given.get(q["code"]), "—")) for q in block["questions"]],
        )
        for block in form()["blocks"]
    ]

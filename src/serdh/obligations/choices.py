"""What the law requires after violence is known (issue 14): the kinds of obligation SIMA
derives from a case, how one is fulfilled, and their states. The rules that raise them, each
citing its article, are in obligations.rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObligationKind(models.TextChoices):
    CT_COMMUNICATION = "ct_communication", _("Comunicação ao Conselho Tutelar")
    POLICE_COMMUNICATION = "police_communication", _("Comunicação à autoridade policial")
    SINAN_NOTIFICATION = "sinan_notification", _("Notificação compulsória no SINAN")
    OLDER_COMMUNICATION = (
        "older_communication",
        _("Comunicação de violência contra pessoa idosa às autoridades"),
    )
    SPECIALIZED_LISTENING = "specialized_listening", _("Escuta especializada")
    SPECIAL_TESTIMONY = "special_testimony", _("Depoimento especial")
    PROTECTIVE_DECISION = (
        "protective_decision",
        _("Decisão judicial sobre medidas protetivas de urgência"),
    )


class ObligationStatus(models.TextChoices):
    DUE = "due", _("A cumprir")
    DONE = "done", _("Cumprida")
    # The facts that raised it changed (the victim's age corrected, the violation removed):
    # kept, with the reason, so the change shows and nothing is silently forgotten.
    VOID = "void", _("Deixou de ser exigida")


class DoneHow(models.TextChoices):
    REFERRAL = "referral", _("Encaminhamento pelo SIMA")
    COMMUNICATION = "communication", _("Comunicação registrada")
    SINAN = "sinan", _("Ficha enviada ao SINAN")
    HEARING = "hearing", _("Oitiva registrada")
    DECISION = "decision", _("Decisão registrada")


class Channel(models.TextChoices):
    LETTER = "letter", _("Ofício")
    EMAIL = "email", _("E-mail institucional")
    PHONE = "phone", _("Telefone")
    IN_PERSON = "in_person", _("Pessoalmente")
    SYSTEM = "system", _("Sistema do órgão (SINAN, SIPIA, PJe…)")
    OTHER = "other", _("Outro meio")


class HearingKind(models.TextChoices):
    """How a child or adolescent was heard about the violence (Lei 13.431/2017)."""

    # Art. 7: interview by the protection network, limited to what its purpose needs.
    SPECIALIZED_LISTENING = "specialized_listening", _("Escuta especializada (art. 7º)")
    # Art. 8: heard by the police or the judicial authority, following a protocol, once.
    SPECIAL_TESTIMONY = "special_testimony", _("Depoimento especial (art. 8º)")
    # Any other account of the violence asked of the child: counted, because each one is a
    # chance of re-victimization the law wants avoided (art. 4º, §1º; art. 5º, XIII).
    OTHER_INTERVIEW = "other_interview", _("Outra entrevista sobre a violência")

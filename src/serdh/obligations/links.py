"""Where an obligation is fulfilled: the page that records the act itself where SIMA has one
(the court's decision, a hearing, the SINAN ficha), else the page that records a
communication. Used by the case panel and by the rows of "Minhas tarefas"."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .choices import ObligationKind

# Kinds fulfilled only by recording the act itself, never by a communication.
OWN_FULFILMENT = (
    ObligationKind.PROTECTIVE_DECISION,
    ObligationKind.SPECIALIZED_LISTENING,
    ObligationKind.SPECIAL_TESTIMONY,
)


def action_for(obligation):
    """(url, label) of the page where the responsible service fulfils the obligation."""
    kind = obligation.kind
    if kind == ObligationKind.PROTECTIVE_DECISION and obligation.key.startswith("lmp18:"):
        request_pk = int(obligation.key.split(":", 1)[1])
        return reverse("obligations:measure_request_decide", args=[request_pk]), _(
            "Registrar a decisão judicial"
        )
    if kind in (ObligationKind.SPECIALIZED_LISTENING, ObligationKind.SPECIAL_TESTIMONY):
        return reverse("obligations:hearing_add", args=[obligation.case_id]), _(
            "Registrar a oitiva"
        )
    if kind == ObligationKind.SINAN_NOTIFICATION and obligation.victim_id:
        return reverse(
            "obligations:sinan_form", args=[obligation.case_id, obligation.victim_id]
        ), _("Preencher a ficha do SINAN")
    return reverse("obligations:fulfil", args=[obligation.pk]), _("Registrar cumprimento")

"""The step of registration that asks "is this someone the network already knows?" (issue 15).

Used by the new-case form (the victim) and by "Incluir envolvido(a)". Without JavaScript: the
first submission that finds possible matches shows them above the form, with everything typed
kept; the second says what to do (``reuse`` = a person id the user may see, ``propose:<id>`` =
register a new person and propose the link to review, ``new``). ``people.suggest`` decides
what each suggestion may disclose.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.utils.translation import gettext as _

from serdh.people import suggest
from serdh.people.selectors import known_persons


@dataclass
class Decision:
    reuse: object = None  # a Person the user may see
    propose: list = field(default_factory=list)  # person ids to propose as the same person


def resolve(request, data):
    """(Decision, None) to go on, or (None, suggestions) to show them first."""
    if not any(data.get(f) for f in ("full_name", "social_name", "cpf", "cns", "nis")):
        return Decision(), None
    choice = request.POST.get("reuse", "")
    known = list(known_persons(request.user, data))
    try:
        found = suggest.suggest(request.user, data)
    except suggest.TooManySearches:
        messages.warning(
            request,
            _(
                "Muitas buscas de pessoas nesta hora: a sugestão de cadastros semelhantes volta "
                "em breve."
            ),
        )
        found = []
    shown = {s.person_id: s for s in found}
    for person in known:  # the same CPF/CNS/NIS in a case the user follows: always offered
        shown.setdefault(person.pk, suggest.Suggestion(person.pk, 1.0, person=person))
    if not shown:
        return Decision(), None
    if choice == "new":
        return Decision(), None
    if choice.isdigit() and int(choice) in shown and shown[int(choice)].visible:
        return Decision(reuse=shown[int(choice)].person), None
    if choice.startswith("propose:") and choice[8:].isdigit() and int(choice[8:]) in shown:
        return Decision(propose=[int(choice[8:])]), None
    ordered = sorted(shown.values(), key=lambda s: -s.probability)
    return None, {
        "visible": [s for s in ordered if s.visible],
        "network": [s for s in ordered if not s.visible],
    }


def propose_links(user, person, decision, municipality_id=None):
    """After the new person is saved: the links the worker proposed, for review."""
    if person is None:
        return
    for other in decision.propose:
        suggest.propose_link(user, person, other, municipality_id)

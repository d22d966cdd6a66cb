"""What the importers of cases (SINAN, the spreadsheet) share: which records are in SIMA
already, and writing a chunk's new ones as cases with their ``ImportedRecord``."""

from django.db.models import Q
from django.utils.translation import gettext as _

from serdh.cases import bulk
from serdh.core import access
from serdh.core.dates import age_on
from serdh.core.errors import ServiceError
from serdh.people.models import Person
from serdh.people.services import identifier_indexes

from .models import ImportedRecord
from .readers import parse_date

IDENTIFIERS = ("cpf", "cns", "nis")


def link_known_persons(user, parties):
    """Exact identifiers first (issue 15's matching proposes the rest for review, as for any
    new person): a victim whose CPF, CNS or NIS is a person the importing service already sees
    becomes that person; the same identifier twice in one chunk, one new person."""
    keys = {}
    for party in parties:
        if not party.person:
            continue
        try:
            found = identifier_indexes(party.person)
        except ServiceError:  # an invalid identifier: its row was reported at validation
            continue
        keys[id(party)] = [(field, index) for field, (_digits, index) in found.items()]
    wanted = {pair for pairs in keys.values() for pair in pairs}
    if not wanted:
        return
    match = Q()
    for field in IDENTIFIERS:
        values = [index for f, index in wanted if f == field]
        if values:
            match |= Q(**{f"{field}_index__in": values})
    known = {}
    for person in (
        Person.objects.restrict(user, access.VIEW)
        .filter(match, Person.active_q())
        .only("pk", "cpf_index", "cns_index", "nis_index")
    ):
        for field in IDENTIFIERS:
            if value := getattr(person, f"{field}_index"):
                known.setdefault((field, value), person.pk)
    first = {}
    for party in parties:
        pairs = keys.get(id(party), [])
        person_id = next((known[p] for p in pairs if p in known), None)
        if person_id is not None:
            party.person_id, party.person = person_id, None
            continue
        earlier = next((first[p] for p in pairs if p in first), None)
        if earlier is not None:
            party.same_as = earlier
            continue
        for pair in pairs:
            first.setdefault(pair, party)


class CaseMapper:
    """What the case importers' mappers share: reading a value and a date of a row (each
    problem added to ``problems`` as (column, value, message)), and writing new records."""

    source = ""
    key_column = ""  # the column a repeated record is reported under
    unique_rows = True  # one row, one record: the same key twice in a file is a problem

    def _value(self, row, column):
        return row.get(column, "").strip()

    def _date(self, row, column, problems, required=False):
        text = self._value(row, column)
        try:
            day = parse_date(text)
        except (ValueError, TypeError):
            problems.append((column, text, _("Data inválida: use DD/MM/AAAA.")))
            return None
        if day is None and required:
            problems.append((column, text, _("Informe a data.")))
        elif day is not None and day > self.today:
            problems.append((column, text, _("A data não pode ser futura.")))
            return None
        return day

    def _age_from_birth(self, birth, occurred, notified):
        """The age at the occurrence (else at the notification, else today)."""
        return age_on(birth, occurred or notified or self.today)

    def existing(self, external_ids, batch):
        return set(
            ImportedRecord.objects.filter(
                source=self.source, external_id__in=list(external_ids)
            ).values_list("external_id", flat=True)
        )

    def write(self, batch, user, items):
        """``items``: [(row number, external id, CaseSpec)], none in SIMA yet. Returns how many
        cases were created."""
        kind = batch.get_kind_display()
        for number, _external_id, spec in items:
            # The summary (managers read it) says where the case came from, never a name: the
            # file name and the record's own number (a list may number cases by name) go in
            # the encrypted detail.
            spec.detail = f"{spec.note} · {batch.file_name}, {_('linha')} {number}"
            spec.note = _("Caso importado (%(kind)s): lote nº %(batch)s, linha %(row)s") % {
                "kind": kind,
                "batch": batch.pk,
                "row": number,
            }
        link_known_persons(user, [s.victim for _n, _e, s in items])
        cases = bulk.register_many(user, batch.organization, [s for _n, _e, s in items])
        ImportedRecord.objects.bulk_create(
            [
                ImportedRecord(
                    source=self.source, external_id=external_id, case=case, batch=batch, row=number
                )
                for (number, external_id, _s), case in zip(items, cases, strict=True)
            ]
        )
        return len(cases)

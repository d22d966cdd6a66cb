"""What the importers of cases (SINAN, the spreadsheet) share: which records are in SIMA
already, and writing a chunk's new ones as cases with their ``ImportedRecord``."""

from django.utils.translation import gettext as _

from serdh.cases import bulk

from .models import ImportedRecord


class CaseMapper:
    source = ""
    key_column = ""  # the column a repeated record is reported under
    unique_rows = True  # one row, one record: the same key twice in a file is a problem

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

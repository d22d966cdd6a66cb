"""An import, from the upload to the last row: the file is stored and fingerprinted, validated
whole (the row-by-row report), then, by the decision of the person who imported it, imported
(every valid row) or not at all.

The import goes by chunks, each in one transaction with the batch's checkpoint (``next_row``):
a worker killed mid-file loses at most the chunk it was in, which rolls back, and the next run
starts at the checkpoint. A record already in SIMA (``ImportedRecord``: the outside system's
own key) is counted and skipped: the same file twice creates nothing new. One audit event for
the batch, when it ends.
"""

import hashlib
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization
from serdh.core import audit, context
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from . import disque100, readers, sinan, spreadsheet, storage
from .choices import OPEN, Kind, Mode, Status
from .models import ImportBatch, ImportProblem

PROBLEM_CHUNK = 1000
STALLED = timedelta(minutes=2)  # an open batch untouched this long lost its worker
logger = logging.getLogger("serdh.imports")
MAPPERS = {Kind.SINAN: sinan, Kind.SPREADSHEET: spreadsheet, Kind.DISQUE100: disque100}


IMPORTER = {
    Kind.SINAN: Role.COORDINATOR,
    Kind.SPREADSHEET: Role.COORDINATOR,
    Kind.DISQUE100: Role.STATE_MANAGER,
}


def kinds_for(role):
    return [kind for kind, importer in IMPORTER.items() if importer == role]


def importing_organization(user, kind):
    """Cases are imported by a service's coordinator, for that service (its cases, its report);
    Disque 100's statistics by the state's managers."""
    from serdh.accounts.selectors import current_membership

    membership = current_membership(user)
    if membership is None or membership.role != IMPORTER[kind]:
        if IMPORTER[kind] == Role.COORDINATOR:
            raise NotPermitted(_("Só a coordenação do serviço importa casos."))
        raise NotPermitted(_("Só a gestão estadual importa os dados do Disque 100."))
    if IMPORTER[kind] == Role.COORDINATOR:
        return acting_organization(user)  # also: the municipality's adhesion is active
    return membership.organization


def receive(user, kind, uploaded, file_name):
    """Store an uploaded file (a file object) as a new batch, queued for validation. The same
    file already being imported for this service resumes that batch instead."""
    organization = importing_organization(user, kind)
    stored, size, sha = storage.store(uploaded, file_name)
    open_batch = (
        ImportBatch.objects.filter(
            organization=organization, kind=kind, sha256=sha, status__in=OPEN
        )
        .order_by("-pk")
        .first()
    )
    if open_batch is not None:
        (storage.storage_dir() / stored).unlink(missing_ok=True)
        return open_batch
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            organization=organization,
            uploaded_by=user,
            file_name=Path(file_name).name[:200],
            stored_name=stored,
            sha256=sha,
        )
        audit.record(
            "imports.batch_received",
            batch,
            data={"kind": kind, "sha256": sha, "bytes": size},
            organization_id=organization.pk,
        )
        from .tasks import validate_batch

        payload = context.current().as_dict()
        transaction.on_commit(lambda: validate_batch.enqueue(batch.pk, payload))
    return batch


def row_digest(external_id):
    """A short fingerprint of a record's key, for spotting the same record twice in one file
    without keeping every key in memory."""
    return hashlib.blake2b(external_id.encode(), digest_size=8).digest()


def _set(batch, **fields):
    fields["touched_at"] = timezone.now()
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)


def _source(batch, path):
    module = MAPPERS[batch.kind]
    source = readers.open_source(path, xlsx=module.XLSX)
    module.check_columns(source.columns)
    return source


def _claim_validation(batch_id):
    """Take a queued batch for validation (or one whose validation stopped): two workers never
    validate the same batch at once."""
    now = timezone.now()
    queued = ImportBatch.objects.filter(pk=batch_id, status=Status.QUEUED)
    stalled = ImportBatch.objects.filter(
        pk=batch_id, status=Status.VALIDATING, touched_at__lt=now - STALLED
    )
    return bool(
        queued.update(status=Status.VALIDATING, progress=0, touched_at=now)
        or stalled.update(progress=0, touched_at=now)
    )


def validate(batch_id, progress=None):
    """Read every row and write the report; the batch waits for its importer's decision. A
    file that cannot be read is refused whole; an unexpected error fails the batch, saying so,
    and is logged for the technical team."""
    batch = ImportBatch.objects.select_related("organization").get(pk=batch_id)
    if not _claim_validation(batch_id):
        return batch
    batch.refresh_from_db()
    try:
        with storage.plaintext(batch) as path:
            return _validate(batch, path, progress)
    except readers.FileRefused as exc:
        ImportProblem.objects.filter(batch=batch).delete()
        end(batch, Status.REFUSED, error=str(exc.message)[:400])
    except Exception as exc:
        _fail(batch, exc)
    return batch


def _validate(batch, path, progress):
    ImportProblem.objects.filter(batch=batch).delete()
    source = _source(batch, path)
    _set(batch, file_format=source.format, encoding=source.encoding, total_rows=source.total)
    mapper = MAPPERS[batch.kind].Mapper(batch.organization)
    seen, problems, pending_ids = {}, [], []
    counts = {"valid": 0, "problem": 0, "existing": 0, "skipped": 0}

    def flush_existing():
        if pending_ids:
            known = mapper.existing(set(pending_ids), batch)
            counts["existing"] += sum(1 for e in pending_ids if e in known)
            pending_ids.clear()

    for index, number, row in source.rows():
        if index % 1000 == 0:
            _set(batch, progress=int(index * 100 / max(source.total, 1)))  # and: still alive
        if progress:
            progress(index + 1, source.total)
        spec, external_id, found = (None, "", []) if row is None else mapper.parse(row)
        if spec is None and not found:
            counts["skipped"] += 1  # not about the territory (another state), a deleted record
            continue
        key = row_digest(external_id)
        if mapper.unique_rows and not found and key in seen:
            found = [
                (
                    mapper.key_column,
                    row.get(mapper.key_column.upper(), ""),
                    _("Registro repetido no arquivo (igual à linha %(n)s).") % {"n": seen[key]},
                )
            ]
        if mapper.unique_rows:
            seen.setdefault(key, number)
        if found:
            counts["problem"] += 1
            problems.extend(
                ImportProblem(batch=batch, row=number, column=c[:40], value=str(v)[:200], problem=p)
                for c, v, p in found
            )
            if len(problems) >= PROBLEM_CHUNK:
                ImportProblem.objects.bulk_create(problems)
                problems.clear()
        else:
            counts["valid"] += 1
            pending_ids.append(external_id)
            if len(pending_ids) >= PROBLEM_CHUNK:
                flush_existing()
    ImportProblem.objects.bulk_create(problems)
    flush_existing()
    _set(
        batch,
        status=Status.VALIDATED,
        valid_rows=counts["valid"],
        problem_rows=counts["problem"],
        existing_rows=counts["existing"],
        skipped_rows=counts["skipped"],
        validated_at=timezone.now(),
        progress=100,
    )
    return batch


def end(batch, status, **fields):
    """The batch's last state; its stored file goes."""
    _set(batch, status=status, progress=100, finished_at=timezone.now(), **fields)
    storage.discard(batch)


def _fail(batch, exc):
    """An error nobody foresaw: the batch says so (never the data: the message names only the
    kind of error) and the traceback goes to the worker's log."""
    logger.exception("import batch %s failed", batch.pk)
    end(
        batch,
        Status.FAILED,
        error=(
            _(
                "A importação parou por um erro interno (%(kind)s). Nada do trecho em curso foi "
                "gravado; a equipe técnica encontra o detalhe no registro do worker."
            )
            % {"kind": type(exc).__name__}
        )[:400],
    )


def decide(user, batch, mode):
    """The importer's decision after the report: import the valid rows, or (``all`` with
    problems) nothing."""
    organization = importing_organization(user, batch.kind)
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch.pk, organization=organization)
            .first()
        )
        if batch is None:
            raise NotPermitted(_("Este lote não é do seu serviço."))
        if batch.status != Status.VALIDATED:
            raise ServiceError(_("Este lote não espera decisão."))
        if mode == Mode.ALL_OR_NONE and batch.problem_rows:
            end(batch, Status.CANCELLED, mode=mode, decided_by=user)
            audit.record(
                "imports.batch_cancelled",
                batch,
                data={"problem_rows": batch.problem_rows, "valid_rows": batch.valid_rows},
                organization_id=organization.pk,
            )
            return batch
        _set(
            batch,
            status=Status.IMPORTING,
            mode=mode,
            decided_by=user,
            progress=0,
            next_row=0,
            created_rows=0,
            existing_rows=0,  # counted again as the rows go in
        )
        from .tasks import import_batch

        payload = context.current().as_dict()
        transaction.on_commit(lambda: import_batch.enqueue(batch.pk, payload))
    return batch


def cancel(user, batch):
    organization = importing_organization(user, batch.kind)
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch.pk, organization=organization, status=Status.VALIDATED)
            .first()
        )
        if batch is None:
            raise ServiceError(_("Este lote não espera decisão."))
        end(batch, Status.CANCELLED, decided_by=user)
        audit.record("imports.batch_cancelled", batch, organization_id=organization.pk)
    return batch


def run(batch_id, progress=None, chunk=None):
    """Import the batch's valid rows from its checkpoint on (the first run or a resumed one)."""
    batch = ImportBatch.objects.select_related("organization", "decided_by").get(pk=batch_id)
    if batch.status != Status.IMPORTING:
        return batch
    try:
        with storage.plaintext(batch) as path:
            return _run(batch, path, progress, chunk or settings.SERDH_IMPORT_CHUNK)
    except Exception as exc:
        if isinstance(exc, readers.FileRefused):
            end(batch, Status.REFUSED, error=str(exc.message)[:400])
        else:
            _fail(batch, exc)
        return batch


def _run(batch, path, progress, chunk):
    source = _source(batch, path)
    mapper = MAPPERS[batch.kind].Mapper(batch.organization)
    user = batch.decided_by or batch.uploaded_by
    # The rows the report holds stay out, whatever they parse to now: the import does what
    # the report said (a repeated record's later copy included).
    reported = set(batch.problems.values_list("row", flat=True))
    rows = source.rows(batch.next_row)
    position = batch.next_row
    while True:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != Status.IMPORTING:
                return locked
            if locked.next_row != position:  # another run went further meanwhile
                position = locked.next_row
                rows = source.rows(position)
            taken = _take(rows, chunk)
            if not taken:
                break
            created, existing = _import_chunk(
                locked, mapper, user, [t for t in taken if t[1] not in reported]
            )
            position = taken[-1][0] + 1
            _set(
                locked,
                next_row=position,
                created_rows=locked.created_rows + created,
                existing_rows=locked.existing_rows + existing,
                progress=int(position * 100 / max(source.total, 1)),
            )
        if progress:
            progress(position, source.total)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != Status.IMPORTING:
            return batch
        end(batch, Status.DONE)
        audit.record(
            "imports.batch_imported",
            batch,
            data={
                "kind": batch.kind,
                "rows": batch.total_rows,
                "created": batch.created_rows,
                "already_imported": batch.existing_rows,
                "left_out": batch.problem_rows,
                "sha256": batch.sha256,
            },
            organization_id=batch.organization_id,
            actor=user,
        )
    if progress:
        progress(source.total, source.total)
    return batch


def _take(rows, count):
    taken = []
    for item in rows:
        taken.append(item)
        if len(taken) >= count:
            break
    return taken


def _import_chunk(batch, mapper, user, taken):
    """The chunk's valid rows that are not in SIMA yet, written by the kind's mapper. Returns
    (created, rows found already imported)."""
    parsed = []
    for _index, number, row in taken:
        if row is None:
            continue  # a deleted record
        spec, external_id, problems = mapper.parse(row)
        if spec is not None and not problems:
            parsed.append((number, external_id, spec))
    already = mapper.existing({e for _n, e, _s in parsed}, batch)
    fresh, seen = [], set()
    for number, external_id, spec in parsed:
        if external_id in already or (mapper.unique_rows and external_id in seen):
            continue  # in SIMA already, or earlier in this file (reported at validation)
        seen.add(external_id)
        fresh.append((number, external_id, spec))
    created = mapper.write(batch, user, fresh)
    return created, len([p for p in parsed if p[1] in already])

"""Changes to the vocabularies made in the application, by the state manager: add a local term,
retire a term, reactivate it. There is deliberately no delete: cases keep the terms they were
classified with. Each function checks access inside its transaction and writes its audit event
in the same transaction."""

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from .loader import CODE_RE, LIMITS
from .models import Term, Vocabulary

LOCAL = "local"


def may_change(user):
    return access.actor_for(user).has_role(Role.STATE_MANAGER)


def _check_role(user):
    if not may_change(user):
        raise NotPermitted(_("Só a gestão estadual altera os vocabulários."))


def _locked_vocabulary(user, vocabulary):
    _check_role(user)
    locked = (
        Vocabulary.objects.restrict(user, access.CHANGE)
        .select_for_update()
        .filter(pk=vocabulary.pk)
        .first()
    )
    if locked is None:
        raise NotPermitted(_("Você não tem permissão para esta ação."))
    return locked


def _locked_term(user, term):
    _check_role(user)
    locked = (
        Term.objects.restrict(user, access.CHANGE).select_for_update().filter(pk=term.pk).first()
    )
    if locked is None:
        raise NotPermitted(_("Você não tem permissão para esta ação."))
    return locked


def _generated_code(vocabulary, label, parent):
    base = slugify(label).replace("-", "_") or "termo"
    if parent is not None:
        base = f"{parent.code}.{base}"
    base = base[: LIMITS["code"] - 4].strip("_.")
    taken = set(
        Term.objects.filter(vocabulary=vocabulary, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _clean_code(vocabulary, code):
    code = code.strip()
    if len(code) > LIMITS["code"] or not CODE_RE.match(code):
        raise ServiceError(
            _(
                "Use no código só letras minúsculas sem acento, dígitos e “_”, com níveis "
                "separados por ponto (até 60 caracteres)."
            ),
            field="code",
        )
    if Term.objects.filter(vocabulary=vocabulary, code=code).exists():
        raise ServiceError(_("Já existe um termo com este código."), field="code")
    return code


def _check_crosswalk(vocabulary, field, value, label):
    if value and Term.objects.filter(vocabulary=vocabulary, **{field: value}).exists():
        raise ServiceError(
            _("Outro termo deste vocabulário já usa este %(what)s.") % {"what": label},
            field=field,
        )


def add_term(
    user,
    vocabulary,
    *,
    label,
    code=None,
    parent=None,
    sinan_code="",
    disque100_code="",
    description="",
):
    """A term of source "local", kept when the data files are loaded again."""
    with transaction.atomic():
        vocabulary = _locked_vocabulary(user, vocabulary)
        if Term.objects.restrict(user, access.ADD).query.is_empty():
            raise NotPermitted(_("Você não tem permissão para esta ação."))
        label = (label or "").strip()
        if not label:
            raise ServiceError(_("Informe o rótulo do termo."), field="label")
        if len(label) > LIMITS["label"]:
            raise ServiceError(_("O rótulo passa de 200 caracteres."), field="label")
        if parent is not None:
            parent = Term.objects.filter(pk=parent.pk, vocabulary=vocabulary).first()
            if parent is None:
                raise ServiceError(_("Escolha um termo pai deste vocabulário."), field="parent")
            if not vocabulary.hierarchical:
                raise ServiceError(_("Este vocabulário não tem subtipos."), field="parent")
            if parent.parent_id is not None:
                raise ServiceError(
                    _("O termo pai deve ser de primeiro nível (tipo → subtipo)."), field="parent"
                )
            if not parent.is_active:
                raise ServiceError(_("O termo pai está retirado."), field="parent")
        if Term.objects.filter(vocabulary=vocabulary, parent=parent, label__iexact=label).exists():
            raise ServiceError(_("Já existe um termo com este rótulo neste nível."), field="label")
        code = (
            _clean_code(vocabulary, code)
            if code and code.strip()
            else _generated_code(vocabulary, label, parent)
        )
        sinan_code = (sinan_code or "").strip()
        disque100_code = (disque100_code or "").strip()
        _check_crosswalk(vocabulary, "sinan_code", sinan_code, _("código SINAN"))
        _check_crosswalk(vocabulary, "disque100_code", disque100_code, _("código Disque 100"))
        last = Term.objects.filter(vocabulary=vocabulary).aggregate(m=Max("order"))["m"] or 0
        term = Term.objects.create(
            vocabulary=vocabulary,
            code=code,
            label=label,
            parent=parent,
            sinan_code=sinan_code,
            disque100_code=disque100_code,
            description=(description or "").strip(),
            order=last + 1,
            source=LOCAL,
        )
        audit.record(
            "vocabulary.term_added",
            term,
            data={
                "vocabulary": vocabulary.key,
                "code": term.code,
                "parent": parent.code if parent else None,
                "sinan_code": sinan_code,
                "disque100_code": disque100_code,
            },
        )
    return term


def retire_term(user, term):
    """Retire a term (and its subtypes in use): it leaves the forms, records keep it."""
    with transaction.atomic():
        term = _locked_term(user, term)
        if not term.is_active:
            raise ServiceError(_("Este termo já está retirado."))
        now = timezone.now()
        children = list(
            Term.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(parent=term, is_active=True)
            .values_list("code", flat=True)
        )
        Term.objects.filter(Q(pk=term.pk) | Q(parent=term, is_active=True)).update(
            is_active=False, retired_at=now
        )
        term.is_active, term.retired_at = False, now
        audit.record(
            "vocabulary.term_retired",
            term,
            data={
                "vocabulary": term.vocabulary.key,
                "code": term.code,
                "source": term.source,
                "children": children,
            },
        )
    return term


def reactivate_term(user, term):
    """Put a retired term back in use (its subtypes are not reactivated with it)."""
    with transaction.atomic():
        term = _locked_term(user, term)
        if term.is_active:
            raise ServiceError(_("Este termo já está em uso."))
        if term.parent_id and not term.parent.is_active:
            raise ServiceError(_("Reative antes o termo pai, “%(p)s”.") % {"p": term.parent.label})
        term.is_active, term.retired_at = True, None
        term.save(update_fields=["is_active", "retired_at"])
        audit.record(
            "vocabulary.term_reactivated",
            term,
            data={"vocabulary": term.vocabulary.key, "code": term.code, "source": term.source},
        )
    return term

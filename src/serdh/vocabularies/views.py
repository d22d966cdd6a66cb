"""Vocabulary pages: every network user reads them; the state manager adds, retires and
reactivates terms. Works without JavaScript: each action is a form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required

from . import selectors, services
from .forms import TermForm
from .models import Term, Vocabulary


@login_required
def vocabulary_list(request):
    return render(
        request,
        "vocabularies/vocabulary_list.html",
        {"vocabularies": selectors.vocabularies(request.user)},
    )


def _tree(rows):
    """Rows in display order, each term followed by its children, with its depth."""
    children = {}
    for term in rows:
        children.setdefault(term.parent_id, []).append(term)
    ordered = []

    def walk(parent_id, depth):
        for term in children.get(parent_id, []):
            term.depth = depth
            ordered.append(term)
            walk(term.pk, depth + 1)

    walk(None, 0)
    return ordered


def _detail(request, vocabulary, form=None, status=200):
    may_change = services.may_change(request.user)
    rows = selectors.terms(vocabulary.key, include_retired=True, user=request.user)
    if may_change and form is None:
        form = TermForm(vocabulary=vocabulary)
    return render(
        request,
        "vocabularies/vocabulary_detail.html",
        {
            "vocabulary": vocabulary,
            "terms": _tree(list(rows)),
            "form": form if may_change else None,
            "may_change": may_change,
        },
        status=status,
    )


@login_required
def vocabulary_detail(request, key):
    vocabulary = get_restricted(Vocabulary, request.user, key=key)
    return _detail(request, vocabulary)


@role_required(Role.STATE_MANAGER)
@require_POST
def term_add(request, key):
    vocabulary = get_restricted(Vocabulary, request.user, access.CHANGE, key=key)
    form = TermForm(request.POST, vocabulary=vocabulary)
    if form.is_valid():
        try:
            term = services.add_term(request.user, vocabulary, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Termo “%(label)s” incluído (código %(code)s).")
                % {"label": term.label, "code": term.code},
            )
            return redirect("vocabularies:vocabulary_detail", key=key)
    return _detail(request, vocabulary, form)


def _term_action(request, key, code, action, done_message):
    term = get_restricted(Term, request.user, access.CHANGE, vocabulary__key=key, code=code)
    try:
        action(request.user, term)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, done_message % {"label": term.label})
    return redirect("vocabularies:vocabulary_detail", key=key)


@role_required(Role.STATE_MANAGER)
@require_POST
def term_retire(request, key, code):
    return _term_action(
        request,
        key,
        code,
        services.retire_term,
        _("Termo “%(label)s” retirado: não aparece mais nos formulários."),
    )


@role_required(Role.STATE_MANAGER)
@require_POST
def term_reactivate(request, key, code):
    return _term_action(
        request, key, code, services.reactivate_term, _("Termo “%(label)s” reativado.")
    )

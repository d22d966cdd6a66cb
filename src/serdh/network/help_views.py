"""What the portal's public pages "Onde buscar ajuda" (service finder) and "Como denunciar"
show, from the network's public directory (the portal's page types render it)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from serdh.core.widgets import FastSelect

from . import help as directory_help
from .models import Municipality


class FinderForm(forms.Form):
    municipio = forms.TypedChoiceField(label=_("Município"), coerce=int, widget=FastSelect)
    necessidade = forms.ChoiceField(
        label=_("O que aconteceu"),
        choices=[(n.code, n.label) for n in directory_help.NEEDS.values()],
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipio"].choices = [("", _("Escolha o município"))] + list(municipalities)


def _municipalities(user):
    return list(
        Municipality.objects.restrict(user)
        .filter(state__uf=settings.SERDH_STATE)
        .order_by("name")
        .values_list("code", "name")
    )


def finder_context(request):
    form = FinderForm(request.GET or None, municipalities=_municipalities(request.user))
    services = conselhos = None
    municipality = need = None
    if request.GET and form.is_valid():
        code = form.cleaned_data["municipio"]
        need = directory_help.NEEDS[form.cleaned_data["necessidade"]]
        municipality = Municipality.objects.restrict(request.user).get(code=code)
        services = list(directory_help.services_for(code, need.code))
        conselhos = list(directory_help.conselhos_tutelares(code))
    return {
        "form": form,
        "services": services,
        "conselhos": conselhos,
        "municipality": municipality,
        "need": need,
        "hotlines": directory_help.HOTLINES,
    }


def report_context(request):
    municipalities = _municipalities(request.user)
    code = request.GET.get("municipio", "")
    municipality = conselhos = None
    if code.isascii() and code.isdigit():
        municipality = next((name for c, name in municipalities if c == int(code)), None)
        if municipality:
            conselhos = list(directory_help.conselhos_tutelares(int(code)))
    return {
        "hotlines": directory_help.HOTLINES,
        "municipalities": municipalities,
        "selected": code,
        "municipality": municipality,
        "conselhos": conselhos,
    }

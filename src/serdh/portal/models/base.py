"""What every portal page shares: a one-paragraph introduction, searchable."""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

PAGE_SIZE = 10


class PortalPage(Page):
    intro = models.TextField(_("introdução"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True


class ListingPage(PortalPage):
    """An index page listing its published children (the first of ``subpage_types``), ten a
    page, in ``listing_order``. (Each subclass names its template: Wagtail gives every page
    class a default one of its own.)"""

    listing_order = ("-first_published_at", "-pk")

    class Meta:
        abstract = True

    def listed(self, request):
        model = apps.get_model(self.subpage_types[0])
        return model.objects.live().public().child_of(self).order_by(*self.listing_order)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, self.listed(request))
        return context


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of a listing; a bad page number gives the first or last page, never 404."""
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))

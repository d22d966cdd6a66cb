"""What every portal page shares: a one-paragraph introduction, searchable."""

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


def paginate(request, queryset, per_page=PAGE_SIZE):
    """One page of a listing; a bad page number gives the first or last page, never 404."""
    return Paginator(queryset, per_page).get_page(request.GET.get("pagina"))

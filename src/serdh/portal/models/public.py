"""Pages that show data kept elsewhere: the documents library, the statistics (open data
after disclosure control), the service finder and "como denunciar" (the network's public
directory)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import PortalPage, paginate
from .media import DocumentCategory, LibraryDocument


def public_documents():
    """Library documents outside the training collection (whose handouts are for
    professionals only)."""
    from wagtail.models import Collection

    from ..setup import training_collection

    training = training_collection()
    documents = LibraryDocument.objects.exclude(category=DocumentCategory.MATERIAL)
    if training is not None:
        restricted = Collection.objects.filter(path__startswith=training.path)
        documents = documents.exclude(
            collection_id__in=list(restricted.values_list("pk", flat=True))
        )
    return documents


def documents_for(user):
    """The documents a search may show: the public library, and the training handouts too
    for network professionals."""
    from ..access import is_professional

    return LibraryDocument.objects.all() if is_professional(user) else public_documents()


class LibraryPage(PortalPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    template = "portal/library_page.html"

    class Meta:
        verbose_name = _("biblioteca")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = [c for c in DocumentCategory if c != DocumentCategory.MATERIAL]
        chosen = request.GET.get("categoria", "")
        documents = public_documents().order_by("-created_at", "title")
        if chosen in {c.value for c in categories}:
            documents = documents.filter(category=chosen)
        else:
            chosen = ""
        context.update(
            categories=categories,
            chosen=chosen,
            items=paginate(request, documents, 20),
            extra_query=f"categoria={chosen}" if chosen else "",
        )
        return context


class StatisticsPage(PortalPage):
    method = StreamField(BodyBlock(), blank=True, verbose_name=_("nota metodológica"))

    content_panels = PortalPage.content_panels + [FieldPanel("method")]
    search_fields = PortalPage.search_fields + [index.SearchField("method")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    template = "portal/statistics_page.html"

    class Meta:
        verbose_name = _("estatísticas")

    def get_context(self, request, *args, **kwargs):
        from ..statistics import statistics_context

        context = super().get_context(request, *args, **kwargs)
        context.update(statistics_context(request))
        return context


class ServiceFinderPage(PortalPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.HowToReportPage"]
    max_count = 1
    template = "portal/service_finder_page.html"

    class Meta:
        verbose_name = _("onde buscar ajuda")

    def get_context(self, request, *args, **kwargs):
        from serdh.network.help_views import finder_context

        context = super().get_context(request, *args, **kwargs)
        context.update(finder_context(request))
        return context


class HowToReportPage(PortalPage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("conteúdo"))

    content_panels = PortalPage.content_panels + [FieldPanel("body")]
    search_fields = PortalPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.ServiceFinderPage"]
    subpage_types = []
    max_count = 1
    template = "portal/how_to_report_page.html"

    class Meta:
        verbose_name = _("como denunciar")

    def get_context(self, request, *args, **kwargs):
        from serdh.network.help_views import report_context

        context = super().get_context(request, *args, **kwargs)
        context.update(report_context(request))
        return context

"""Experiences (boas práticas): any network professional submits one through a form on the
portal; it enters the editorial moderation workflow and is published by a state editor."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import ListingPage, PortalPage


class ExperienceIndexPage(RoutablePageMixin, ListingPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ExperiencePage"]
    max_count = 1
    template = "portal/experience_index_page.html"

    class Meta:
        verbose_name = _("índice de boas práticas")

    @path("enviar/", name="submit")
    def submit(self, request):
        from ..views import submit_experience

        return submit_experience(request, self)


class ExperiencePage(PortalPage):
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("município"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization_name = models.CharField(_("serviço"), max_length=255, blank=True)
    results = models.TextField(_("resultados"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("relato"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = PortalPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("municipality"), FieldPanel("organization_name")],
            heading=_("Onde"),
        ),
        FieldPanel("body"),
        FieldPanel("results"),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("results"),
        index.SearchField("organization_name"),
    ]
    parent_page_types = ["portal.ExperienceIndexPage"]
    subpage_types = []
    template = "portal/experience_page.html"

    class Meta:
        verbose_name = _("boa prática")
        verbose_name_plural = _("boas práticas")

"""Home, news, qualified content (articles) and the events calendar."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from .base import ListingPage, PortalPage

IMAGE_MODEL = "portal.PortalImage"


class HomePage(PortalPage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("conteúdo"))

    content_panels = PortalPage.content_panels + [FieldPanel("body")]
    search_fields = PortalPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "portal/home_page.html"

    class Meta:
        verbose_name = _("página inicial")

    def get_context(self, request, *args, **kwargs):
        from .training import TrainingIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        context["upcoming_events"] = (
            EventPage.objects.live()
            .public()
            .descendant_of(self)
            .filter(end__gte=timezone.now())
            .order_by("start")[:3]
        )
        context["training"] = TrainingIndexPage.objects.live().descendant_of(self).first()
        return context


class NewsIndexPage(ListingPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    listing_order = ("-date", "-pk")
    template = "portal/listing_page.html"

    class Meta:
        verbose_name = _("índice de notícias")


class NewsPage(PortalPage):
    date = models.DateField(_("data"), default=timezone.localdate)
    image = models.ForeignKey(
        IMAGE_MODEL,
        verbose_name=_("imagem de destaque"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("conteúdo"))

    content_panels = PortalPage.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("image")], heading=_("Publicação")),
        FieldPanel("body"),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []
    template = "portal/article_page.html"

    class Meta:
        verbose_name = _("notícia")
        verbose_name_plural = _("notícias")


class ArticleIndexPage(ListingPage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ArticlePage"]
    template = "portal/listing_page.html"

    class Meta:
        verbose_name = _("índice de conteúdo qualificado")


class ArticlePage(PortalPage):
    author_role = models.CharField(
        _("autoria"),
        max_length=200,
        blank=True,
        help_text=_("Equipe ou função de quem escreveu (ex.: Equipe técnica da SEDESE)."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("conteúdo"))

    content_panels = PortalPage.content_panels + [FieldPanel("author_role"), FieldPanel("body")]
    search_fields = PortalPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.ArticleIndexPage"]
    subpage_types = []
    template = "portal/article_page.html"

    class Meta:
        verbose_name = _("artigo")
        verbose_name_plural = _("artigos")


class EventIndexPage(ListingPage):
    """Upcoming events first; ``?passados=1`` lists the past ones, latest first."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.EventPage"]
    template = "portal/event_index_page.html"

    class Meta:
        verbose_name = _("agenda")

    def listed(self, request):
        events = EventPage.objects.live().public().child_of(self)
        if request.GET.get("passados") == "1":
            return events.filter(end__lt=timezone.now()).order_by("-start")
        return events.filter(end__gte=timezone.now()).order_by("start")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["past"] = request.GET.get("passados") == "1"
        context["extra_query"] = "passados=1" if context["past"] else ""
        return context


class EventPage(PortalPage):
    start = models.DateTimeField(_("início"))
    end = models.DateTimeField(_("término"))
    location = models.CharField(_("local"), max_length=255)
    is_online = models.BooleanField(_("on-line"), default=False)
    registration_url = models.URLField(_("endereço de inscrição"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("conteúdo"))

    content_panels = PortalPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("start"),
                FieldPanel("end"),
                FieldPanel("location"),
                FieldPanel("is_online"),
                FieldPanel("registration_url"),
            ],
            heading=_("Quando e onde"),
        ),
        FieldPanel("body"),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    parent_page_types = ["portal.EventIndexPage"]
    subpage_types = []
    template = "portal/event_page.html"

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("O término deve ser depois do início.")})

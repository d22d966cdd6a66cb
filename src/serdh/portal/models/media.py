"""Images and documents of the portal. An image cannot be uploaded without its alternative
text; a document of the library has a category."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.search import index


class PortalImage(AbstractImage):
    # Wagtail's own "description" is the image's default alt text: required here.
    description = models.CharField(
        _("texto alternativo"),
        max_length=255,
        help_text=_("O que a imagem mostra, para quem usa leitor de tela."),
    )

    admin_form_fields = (
        "title",
        "description",
        "file",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("imagem")
        verbose_name_plural = _("imagens")


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class DocumentCategory(models.TextChoices):
    NORMAS = "normas", _("Normas")
    CARTILHAS = "cartilhas", _("Cartilhas")
    FLUXOS = "fluxos", _("Fluxos")
    PROTOCOLOS = "protocolos", _("Protocolos")
    MATERIAL = "material", _("Material de curso")


class LibraryDocument(AbstractDocument):
    category = models.CharField(
        _("categoria"), max_length=20, choices=DocumentCategory, default=DocumentCategory.NORMAS
    )
    description = models.TextField(_("descrição"), blank=True)

    admin_form_fields = ("title", "category", "description", "file", "collection", "tags")
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description"),
        index.FilterField("category"),
        index.FilterField("collection_id"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")

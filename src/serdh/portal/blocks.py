"""The building blocks of portal pages. Rich text allows no embeds (they would load
third-party content); images carry alt text; videos are files served by SER-DH itself, with
captions and a transcript."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Documento"))
    label = blocks.CharBlock(label=_("Texto do link"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Documento")
        template = "portal/blocks/document.html"


class VideoBlock(blocks.StructBlock):
    video = DocumentChooserBlock(label=_("Vídeo (MP4 ou WebM)"))
    captions = DocumentChooserBlock(label=_("Legendas (WebVTT)"), required=False)
    transcript = blocks.TextBlock(label=_("Transcrição"))

    class Meta:
        icon = "media"
        label = _("Vídeo")
        template = "portal/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        video = value.get("video")
        if video and video.file_extension.lower() not in {"mp4", "webm"}:
            errors["video"] = ValidationError(_("Envie o vídeo em MP4 ou WebM."))
        captions = value.get("captions")
        if captions and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(_("As legendas devem estar em WebVTT (.vtt)."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Título"))
    text = blocks.TextBlock(label=_("Texto"))

    class Meta:
        icon = "warning"
        label = _("Destaque")
        template = "portal/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Subtítulo"), form_classname="title", template="portal/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Texto"), features=RICH_TEXT_FEATURES)
    # Wagtail's ImageBlock requires alt text unless the image is marked decorative.
    image = ImageBlock(label=_("Imagem"), template="portal/blocks/image.html")
    document = DocumentLinkBlock()
    video = VideoBlock()
    callout = CalloutBlock()

    class Meta:
        label = _("Conteúdo")

"""Training: courses → modules → lessons with documents and videos, for the network's
professionals only. The rule is in code (``serve``), not in a privacy setting an editor could
switch off; the handouts live in the "Formação" collection, guarded the same way
(wagtail_hooks.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..access import is_professional, require_professional
from ..blocks import BodyBlock
from .base import PortalPage


class ProfessionalOnly:
    """Mixed into every page below the training index."""

    professional_only = True

    def serve(self, request, *args, **kwargs):
        refused = require_professional(request)
        if refused is not None:
            return refused
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def serve_preview(self, request, mode_name):
        refused = require_professional(request)
        return refused if refused is not None else super().serve_preview(request, mode_name)


class TrainingIndexPage(PortalPage):
    """Public: says what the training is and who may take it; lists courses to professionals."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.CoursePage"]
    max_count = 1
    template = "portal/training_index_page.html"

    class Meta:
        verbose_name = _("formação")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_professional"] = is_professional(request.user)
        context["courses"] = (
            CoursePage.objects.live().child_of(self).order_by("title")
            if context["is_professional"]
            else CoursePage.objects.none()
        )
        context["course_count"] = CoursePage.objects.live().child_of(self).count()
        return context


class CoursePage(ProfessionalOnly, PortalPage):
    workload_hours = models.PositiveSmallIntegerField(_("carga horária (horas)"), default=1)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("apresentação"))

    content_panels = PortalPage.content_panels + [
        FieldPanel("workload_hours"),
        FieldPanel("body"),
    ]
    search_fields = PortalPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.TrainingIndexPage"]
    subpage_types = ["portal.ModulePage"]
    template = "portal/course_page.html"

    class Meta:
        verbose_name = _("curso")
        verbose_name_plural = _("cursos")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        modules = ModulePage.objects.live().child_of(self)
        context["modules"] = [
            (module, LessonPage.objects.live().child_of(module)) for module in modules
        ]
        return context


class ModulePage(ProfessionalOnly, PortalPage):
    parent_page_types = ["portal.CoursePage"]
    subpage_types = ["portal.LessonPage"]
    template = "portal/module_page.html"

    class Meta:
        verbose_name = _("módulo")
        verbose_name_plural = _("módulos")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.live().child_of(self)
        return context


class LessonPage(ProfessionalOnly, PortalPage):
    duration_minutes = models.PositiveSmallIntegerField(_("duração (minutos)"), default=30)
    body = StreamField(BodyBlock(), verbose_name=_("conteúdo"))

    content_panels = PortalPage.content_panels + [
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    search_fields = PortalPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.ModulePage"]
    subpage_types = []
    template = "portal/lesson_page.html"

    class Meta:
        verbose_name = _("aula")
        verbose_name_plural = _("aulas")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = list(LessonPage.objects.live().sibling_of(self, inclusive=True))
        index_ = next(i for i, p in enumerate(siblings) if p.pk == self.pk)
        context["previous_lesson"] = siblings[index_ - 1] if index_ > 0 else None
        context["next_lesson"] = siblings[index_ + 1] if index_ + 1 < len(siblings) else None
        context["module"] = self.get_parent().specific
        context["course"] = context["module"].get_parent().specific
        return context


PROFESSIONAL_PAGE_TYPES = (CoursePage, ModulePage, LessonPage)

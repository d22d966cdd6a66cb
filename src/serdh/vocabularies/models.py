"""Controlled vocabularies: versioned data, hierarchical where the source is, each term with its
SINAN and Disque 100 codes where one exists. Terms are never deleted: a term in use is retired.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager


class Vocabulary(models.Model):
    key = models.SlugField(_("chave"), max_length=40, unique=True)
    name = models.CharField(_("nome"), max_length=120)
    description = models.TextField(_("descrição"), blank=True)
    version = models.CharField(_("versão dos dados"), max_length=20, blank=True)
    hierarchical = models.BooleanField(_("hierárquico"), default=False)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("vocabulário")
        verbose_name_plural = _("vocabulários")

    def __str__(self):
        return self.name


class Term(models.Model):
    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(_("código"), max_length=60)
    label = models.CharField(_("rótulo"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("termo pai"),
    )
    sinan_code = models.CharField(_("código SINAN"), max_length=40, blank=True)
    disque100_code = models.CharField(_("código Disque 100"), max_length=200, blank=True)
    description = models.TextField(_("definição"), blank=True)
    # The article of the law the term comes from ("ECA (Lei 8.069/1990), art. 101, VII").
    legal_source = models.CharField(_("fonte legal"), max_length=200, blank=True)
    # Crosswalk to SIMA's violation types (rights groups only; loader.CROSSWALKS).
    violation_types = models.JSONField(
        _("tipos de violação correspondentes"), default=list, blank=True
    )
    order = models.PositiveIntegerField(_("ordem"), default=0)
    is_active = models.BooleanField(_("em uso"), default=True)
    retired_at = models.DateTimeField(_("retirado em"), null=True, blank=True)
    # Terms from the project's data files have source "data"; terms added by the state manager
    # have source "local" and are kept when the data files are loaded again.
    source = models.CharField(max_length=10, default="data")

    objects = RestrictedManager()

    class Meta:
        ordering = ["vocabulary", "order", "label"]
        verbose_name = _("termo")
        verbose_name_plural = _("termos")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="unique_term_code")
        ]

    def __str__(self):
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label

    @property
    def is_local(self):
        return self.source == "local"

    @property
    def sinan_export_code(self):
        """The SINAN code to export: the term's own, else its parent's (a subtype SINAN does
        not distinguish counts as its type)."""
        if self.sinan_code or not self.parent_id:
            return self.sinan_code
        return self.parent.sinan_code

    @property
    def disque100_export_code(self):
        if self.disque100_code or not self.parent_id:
            return self.disque100_code
        return self.parent.disque100_code

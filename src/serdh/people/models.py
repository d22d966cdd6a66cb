"""A person's identity, kept once and linked to cases through cases.Party.

Everything that identifies a person or is sensitive under LGPD art. 5 II (names, filiation,
birth date, identifiers, race/colour, gender identity, sexual orientation, disabilities) is
encrypted. CPF, CNS and NIS are found through HMAC blind indexes; names through HMAC tokens
(one per normalized word), so a name search matches whole words without storing the name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.dates import DatePrecision
from serdh.core.fields import EncryptedTextField
from serdh.core.models import TimeStampedModel

from .choices import Sex


class Person(TimeStampedModel):
    full_name = EncryptedTextField(_("nome civil"), blank=True)
    social_name = EncryptedTextField(_("nome social"), blank=True)
    mother_name = EncryptedTextField(_("nome da mãe"), blank=True)
    birth_date = EncryptedTextField(_("data de nascimento"), blank=True)  # ISO date
    birth_precision = models.CharField(
        _("precisão da data de nascimento"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    sex = models.CharField(_("sexo"), max_length=1, choices=Sex, blank=True)
    gender_identity = EncryptedTextField(_("identidade de gênero"), blank=True)  # term code
    sexual_orientation = EncryptedTextField(_("orientação sexual"), blank=True)  # term code
    race_color = EncryptedTextField(_("raça/cor"), blank=True)  # term code
    disabilities = EncryptedTextField(_("deficiências"), blank=True)  # term codes, comma-separated
    cpf = EncryptedTextField(_("CPF"), blank=True)
    cpf_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    cns = EncryptedTextField(_("CNS"), blank=True)
    cns_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nis = EncryptedTextField(_("NIS"), blank=True)
    nis_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Set when every case of the person passed the retention period (people.anonymize): the
    # identity is gone; the attributes that feed statistics stay, the birth date as a year.
    anonymized_at = models.DateTimeField(_("anonimizado em"), null=True, blank=True)
    residence_municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("município de residência"),
    )
    created_by_organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    # Set when a reviewed merge absorbed this person into another (people.merge): the person is
    # kept, never deleted, so that an unmerge can restore it; until then it is left out of
    # lists, searches and suggestions (``Person.active_q``).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        verbose_name=_("unificada com"),
    )
    merged_at = models.DateTimeField(_("unificada em"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("pessoa")
        verbose_name_plural = _("pessoas")

    def __str__(self):
        return self.display_name

    @staticmethod
    def active_q(prefix=""):
        """The persons not absorbed by a merge: ``Person.objects.filter(Person.active_q())``,
        ``Party.objects.filter(Person.active_q("person__"))``."""
        return models.Q(**{f"{prefix}merged_into__isnull": True})

    @property
    def display_name(self):
        """Nome social first, where given (Decreto 8.727/2016)."""
        if self.social_name:
            return self.social_name
        return self.full_name or str(_("Pessoa não identificada"))

    @property
    def civil_name_note(self):
        return self.full_name if self.social_name and self.full_name else ""


class PersonNameToken(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="unique_person_token")
        ]

    def __str__(self):
        return self.token[:8]


class PersonMatchKey(models.Model):
    """A keyed digest (HMAC, truncated) of one of the person's matching keys (phonetic name
    with birth year, identifiers…): how intake finds possible duplicates without reading the
    encrypted names (``people.suggest``)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=24)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="unique_person_match_key")
        ]
        # Key first, person second: a search reads the persons of a key from the index alone.
        indexes = [models.Index(fields=["key", "person"], name="people_match_key_person")]

    def __str__(self):
        return self.key[:8]


# Review, merge and unmerge of duplicate persons live in their own module.
from .models_merge import MatchCandidate, PersonMerge  # noqa: E402,F401

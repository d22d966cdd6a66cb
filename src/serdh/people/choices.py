from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Feminino")
    MALE = "M", _("Masculino")
    INTERSEX = "I", _("Intersexo / ignorado")

"""Password rules beyond Django's (ASVS 5.0 6.2): no composition rules (6.2.5), passphrases
welcome; what is refused is a password built on the words of this product and its network,
which an attacker tries first (6.1.2, 6.2.11)."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words of the product, the network and the state (folded: lower case, no accents, letters and
# digits only). SERDH_PASSWORD_CONTEXT_WORDS adds the installation's own (its secretariat's
# acronym, say).
CONTEXT_WORDS = (
    "serdh",
    "sima",
    "direitoshumanos",
    "redeprotecao",
    "sedese",
    "creas",
    "cras",
    "conselhotutelar",
    "disque100",
    "senha",
    "password",
)


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def context_words():
    from serdh.network.models import State

    words = set(CONTEXT_WORDS)
    words.update(fold(w) for w in getattr(settings, "SERDH_PASSWORD_CONTEXT_WORDS", []))
    state = State.objects.filter(uf=settings.SERDH_STATE).values_list("name", flat=True).first()
    if state:
        words.add(fold(state))
    return {w for w in words if len(w) >= 4}


class ContextWordsValidator:
    """Refuses a password that contains a word of the product, the network or the state."""

    def validate(self, password, user=None):
        folded = fold(password)
        found = sorted(w for w in context_words() if w in folded)
        if found:
            raise ValidationError(
                _(
                    "A senha não pode conter palavras ligadas ao sistema ou à rede "
                    "(como %(word)s): são as primeiras que um atacante tenta."
                ),
                code="password_context_word",
                params={"word": found[0].upper()},
            )

    def get_help_text(self):
        return _(
            "Use uma frase longa ou uma senha gerada pelo seu gerenciador de senhas; não use o "
            "nome do sistema, da rede nem do estado."
        )

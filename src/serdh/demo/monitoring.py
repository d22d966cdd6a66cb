"""Population for the demo's municipalities, so rates per 100,000 inhabitants show. Round
approximations, marked as such in ``source``: load the official estimates in production
(``serdh monitoring population``, docs/operations.md)."""

from serdh.monitoring import population
from serdh.monitoring.models import Population

from .network import BH, JUIZ_DE_FORA, MONTES_CLAROS, PASSOS

APPROXIMATE = {
    PASSOS: 115_000,
    BH: 2_300_000,
    MONTES_CLAROS: 415_000,
    JUIZ_DE_FORA: 540_000,
}


def ensure_population(year=2025):
    if Population.objects.exists():
        return 0
    lines = ["codigo_ibge;ano;populacao;fonte"]
    lines += [
        f"{code};{year};{people};demonstração (aproximado)" for code, people in APPROXIMATE.items()
    ]
    return population.load("\n".join(lines) + "\n")


def ensure_release():
    """The open data's first release (monitoring.releases), as the worker would publish it
    when the month closed: the public statistics page reads it."""
    from serdh.monitoring import releases

    return releases.publish_due()

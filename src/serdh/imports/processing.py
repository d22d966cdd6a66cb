"""What imports processes (LGPD art. 37; docs/security.md, docs/imports.md)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

IMPORTS = Activity(
    key="imports.files",
    name=_("Importação de arquivos de outros sistemas (SINAN, planilhas, Disque 100)"),
    purpose=_(
        "Trazer para o SIMA os casos que o serviço já registrou em outros sistemas, sem digitar "
        "de novo, e a estatística pública do Disque 100, com o relatório linha por linha do "
        "que não pôde ser importado."
    ),
    legal_basis=_(
        "LGPD art. 11, II, b (execução de políticas públicas) e art. 13 (estudos em saúde "
        "pública, pseudonimizados nos indicadores); art. 14 (crianças e adolescentes)."
    ),
    subjects=_("Vítimas registradas no SINAN ou nas listas dos serviços"),
    data=(
        ("imports.ImportBatch", ("file_name", "organization", "uploaded_by")),
        ("imports.ImportProblem", ("row", "column", "value", "problem")),
        ("imports.ImportedRecord", ("source", "external_id", "case")),
    ),
    recipients=_(
        "A coordenação do serviço que importou (o relatório, que pode trazer nomes); os casos "
        "criados seguem as regras de acesso de todos os casos."
    ),
    retention=_(
        "O arquivo enviado é apagado quando o lote termina (importado, recusado ou cancelado) "
        "ou depois de 7 dias sem decisão; os valores do relatório, 90 dias depois do fim do "
        "lote."
    ),
    sensitive=True,
)

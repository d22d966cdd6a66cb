"""The import pages in the permission matrix: a coordinator, for their own service's files."""

from tests.matrix_support import Probe, role, role_page


def entries(o):
    from serdh.accounts.models import User
    from serdh.imports.models import ImportBatch
    from serdh.network.models import Organization

    def batch(org_name, username):
        return ImportBatch.objects.create(
            kind="sinan",
            organization=Organization.objects.get(name=org_name),
            uploaded_by=User.objects.get(username=username),
            file_name="sinan.csv",
            stored_name="matriz.csv",
            sha256="0" * 64,
            status="validated",
        )

    own = batch("CREAS Passos", "coord.creas.passos")
    other = batch("CRAS Barreiro", "cras.bh")  # another service, another municipality

    def coordinator(p):
        return role(p) == "coordinator"

    return {
        "imports:batch_list": [Probe((), role_page(coordinator))],
        "imports:batch_detail": [
            Probe((own.pk,), role_page(coordinator), label="own service"),
            Probe((other.pk,), role_page(coordinator, lambda p: 404), label="other service"),
        ],
        "imports:batch_report": [
            Probe((own.pk,), role_page(coordinator), label="own service"),
            Probe((other.pk,), role_page(coordinator, lambda p: 404), label="other service"),
        ],
        "imports:batch_decide": [
            Probe((own.pk,), role_page(coordinator, lambda p: 405)),
            Probe(
                (own.pk,),
                role_page(coordinator, lambda p: 302),
                method="post",
                data={"mode": "none"},
                label="nothing, own service",
            ),
            Probe(
                (other.pk,),
                role_page(coordinator, lambda p: 404),
                method="post",
                data={"mode": "valid"},
                label="another service's file",
            ),
        ],
    }

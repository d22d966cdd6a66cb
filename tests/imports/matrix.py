"""The import pages in the permission matrix: a coordinator, for their own service's files; the
state manager, for the Disque 100 statistics the state loaded."""

from tests.matrix_support import Probe, role, role_page


def entries(o):
    from serdh.accounts.models import User
    from serdh.imports.models import ImportBatch
    from serdh.network.models import Organization

    def batch(org_name, username, kind="sinan"):
        return ImportBatch.objects.create(
            kind=kind,
            organization=Organization.objects.get(name=org_name)
            if org_name != "SEDESE"
            else Organization.objects.get(acronym="SEDESE"),
            uploaded_by=User.objects.get(username=username),
            file_name="sinan.csv",
            stored_name="matriz.csv",
            sha256="0" * 64,
            status="validated",
        )

    own = batch("CREAS Passos", "coord.creas.passos")
    other = batch("CRAS Barreiro", "cras.bh")  # another service, another municipality
    statistics = batch("SEDESE", "gestor.mg", kind="disque100")

    def coordinator(p):
        return role(p) == "coordinator"

    def importer(p):
        return role(p) in {"coordinator", "state_manager"}

    def coordinator_only(p):
        return 200 if role(p) == "coordinator" else 404

    def state_manager_only(p):
        return 200 if role(p) == "state_manager" else 404

    return {
        "imports:batch_list": [Probe((), role_page(importer))],
        "imports:template": [
            Probe((), role_page(coordinator)),
            Probe((), role_page(coordinator), data={"formato": "csv"}, label="CSV"),
        ],
        "imports:batch_detail": [
            Probe((own.pk,), role_page(importer, coordinator_only), label="own service"),
            Probe((other.pk,), role_page(importer, lambda p: 404), label="other service"),
            Probe((statistics.pk,), role_page(importer, state_manager_only), label="Disque 100"),
        ],
        "imports:batch_report": [
            Probe((own.pk,), role_page(importer, coordinator_only), label="own service"),
            Probe((other.pk,), role_page(importer, lambda p: 404), label="other service"),
            Probe((statistics.pk,), role_page(importer, state_manager_only), label="Disque 100"),
        ],
        "imports:batch_decide": [
            Probe((own.pk,), role_page(importer, lambda p: 405)),
            Probe(
                (own.pk,),
                role_page(importer, lambda p: 302 if role(p) == "coordinator" else 404),
                method="post",
                data={"mode": "none"},
                label="nothing, own service",
            ),
            Probe(
                (other.pk,),
                role_page(importer, lambda p: 404),
                method="post",
                data={"mode": "valid"},
                label="another service's file",
            ),
        ],
    }

"""The RMA pages in the permission matrix: a unit's month is read by its own workers and
coordination, the municipal managers of its municipality and the state's managers (another
unit or municipality: 404); only the unit's coordination changes it; the board of who sent
what is the managers' (their territory)."""

from tests.matrix_support import BH, HOME_MUNICIPALITY, PASSOS, Probe, role, role_page


def entries(o):
    from serdh.network.models import Organization
    from serdh.rma import months, services

    month = months.last_closed()
    older = months.previous_month(months.previous_month(month))
    creas = Organization.objects.get(name="CREAS Passos")
    barreiro = Organization.objects.get(name="CRAS Barreiro")
    services.ensure(creas, month)
    services.ensure(barreiro, month)
    passos = (creas.pk, month.year, month.month)
    bh = (barreiro.pk, month.year, month.month)
    not_yet = (creas.pk, older.year, older.month)

    def reader(p):
        return role(p) in {"worker", "coordinator", "municipal_manager", "state_manager"}

    def manager(p):
        return role(p) in {"municipal_manager", "state_manager"}

    def coordinator(p):
        return role(p) == "coordinator"

    def sees(unit_users, municipality):
        def status(p):
            if role(p) == "state_manager":
                return 200
            if role(p) == "municipal_manager":
                return 200 if HOME_MUNICIPALITY[p] == municipality else 404
            return 200 if p in unit_users else 404

        return status

    passos_unit = {"creas.passos", "coord.creas.passos"}
    sees_passos = sees(passos_unit, PASSOS)
    sees_bh = sees({"cras.bh"}, BH)

    def coordinator_of_passos(ok):
        return role_page(coordinator, lambda p: ok if p == "coord.creas.passos" else 404)

    def month_page(args, label, status):
        return Probe(args, role_page(reader, status), label=label)

    def both():
        return [month_page(passos, "Passos", sees_passos), month_page(bh, "BH", sees_bh)]

    return {
        "rma:home": [
            Probe((), role_page(reader, lambda p: 302 if manager(p) else 200)),
        ],
        "rma:status": [
            Probe((), role_page(manager)),
            Probe((), role_page(manager), data={"formulario": "creas", "municipio": "3147907"}),
        ],
        "rma:status_csv": [
            Probe((month.year, month.month), role_page(manager), data={"formulario": "creas"}),
            Probe(
                (month.year, month.month),
                role_page(manager, lambda p: 404),
                data={"formulario": "outro"},
                label="unknown form",
            ),
        ],
        "rma:report": [
            month_page(passos, "own unit, Passos", sees_passos),
            month_page(bh, "CRAS in Belo Horizonte", sees_bh),
            month_page(not_yet, "month not prepared yet", sees_passos),
        ],
        "rma:export_csv": both(),
        "rma:export_pdf": both(),
        "rma:item_cases": [
            Probe((*passos, "A1"), role_page(reader, sees_passos), label="Passos"),
            Probe((*bh, "A1"), role_page(reader, sees_bh), label="BH"),
            Probe((*passos, "B1"), role_page(reader, lambda p: 404), label="typed item"),
        ],
        "rma:item_edit": [
            Probe((*passos, "C2"), coordinator_of_passos(200), label="own unit"),
            Probe((*bh, "C2"), coordinator_of_passos(404), label="another municipality"),
            Probe((*passos, "ZZ"), coordinator_of_passos(404), label="no such item"),
        ],
        "rma:open": [
            Probe(not_yet, role_page(coordinator, lambda p: 405)),
            Probe(not_yet, coordinator_of_passos(302), method="post", label="own unit"),
            Probe(bh, coordinator_of_passos(404), method="post", label="another unit"),
        ],
        "rma:recount": [
            Probe(passos, coordinator_of_passos(302), method="post", label="own unit"),
            Probe(bh, coordinator_of_passos(404), method="post", label="another unit"),
        ],
        "rma:submit": [
            Probe(passos, role_page(coordinator, lambda p: 405)),
            Probe(passos, coordinator_of_passos(302), method="post", label="own unit"),
            Probe(bh, coordinator_of_passos(404), method="post", label="another unit"),
        ],
        "rma:reopen": [
            Probe(
                passos,
                coordinator_of_passos(302),
                method="post",
                data={"reason": "Faltou lançar os atendimentos em grupo."},
                label="own unit",
            ),
            Probe(bh, coordinator_of_passos(404), method="post", label="another unit"),
        ],
    }

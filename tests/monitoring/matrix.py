"""The monitoring dashboard in the permission matrix: managers only, each in its territory."""

from tests.matrix_support import BH, HOME_MUNICIPALITY, PASSOS, Probe, role, role_page


def entries(o):
    from serdh.accounts.models import User
    from serdh.monitoring import releases
    from serdh.monitoring.models import Bulletin

    release = releases.publish(force=True)
    from serdh.monitoring.models import SavedTable

    stranger = User.objects.create(username="gestora.alheia", full_name="Gestora Alheia")
    foreign_table = SavedTable.objects.create(
        name="De outra pessoa",
        spec={
            "measure": "violations",
            "rows": "type",
            "columns": "",
            "start": "2026-01",
            "end": "2026-12",
            "municipality_id": None,
        },
        owner=stranger,
        state_code="MG",
        shared=False,
    )
    table = {
        "measure": "violations",
        "rows": "type",
        "columns": "sex",
        "start": "2026-01",
        "end": "2026-12",
    }

    passos_bulletin = Bulletin.objects.create(
        state_code=31,
        municipality_id=PASSOS,
        month="2026-10-01",
        requested_by=User.objects.get(username="gestor.passos"),
    )

    def manager(p):
        return role(p) in {"state_manager", "municipal_manager"}

    def own_or_state(code):
        def status(p):
            if role(p) == "state_manager":
                return 200
            return 200 if HOME_MUNICIPALITY.get(p) == code else 404

        return status

    return {
        "monitoring:bulletin_list": [Probe((), role_page(manager))],
        # The table builder: managers; beyond their territory the cells are perturbed, so a
        # municipal manager may ask about the state or another municipality.
        "monitoring:table_builder": [
            Probe((), role_page(manager)),
            Probe((), role_page(manager), label="a table of the state", data=table),
            Probe(
                (), role_page(manager), label="Belo Horizonte", data={**table, "municipality": BH}
            ),
        ],
        "monitoring:table_export_csv": [Probe((), role_page(manager), data=table)],
        "monitoring:table_export_xlsx": [Probe((), role_page(manager), data=table)],
        "monitoring:table_save": [
            Probe((), role_page(manager, lambda p: 302), method="post", data={**table, "name": "T"})
        ],
        # Someone else's private table: no manager deletes it (404), other roles are refused.
        "monitoring:table_delete": [
            Probe((foreign_table.pk,), role_page(manager, lambda p: 404), method="post")
        ],
        # Where the network fails: managers, each in its territory.
        "monitoring:network_gaps": [
            Probe((), role_page(manager)),
            Probe(
                (),
                role_page(manager, own_or_state(BH)),
                label="Belo Horizonte",
                data={"municipality": BH},
            ),
        ],
        "monitoring:bulletin_detail": [
            Probe((passos_bulletin.pk,), role_page(manager, own_or_state(PASSOS)))
        ],
        # Still queued: no PDF yet for anyone (404), and other roles are refused first (403).
        "monitoring:bulletin_pdf": [
            Probe((passos_bulletin.pk,), role_page(manager, lambda p: 404))
        ],
        # Open data is public: every visitor, logged in or not.
        "open_data": [Probe((), lambda p: 200)],
        "open_data_file": [
            Probe(("violacoes-por-mes-e-tipo",), lambda p: 200),
            Probe(("nao-existe",), lambda p: 404, label="unknown file"),
        ],
        # Every release stays downloadable, frozen; a release that does not exist is 404.
        "open_data_release_file": [
            Probe((release.number, "violacoes-por-municipio-e-ano"), lambda p: 200),
            Probe((release.number + 1, "violacoes-por-municipio-e-ano"), lambda p: 404),
            Probe((release.number, "nao-existe"), lambda p: 404, label="unknown file"),
        ],
        "monitoring:export_xlsx": [
            Probe((), role_page(manager), data={"indicador": "violacoes", "por": "sex"}),
            Probe(
                (),
                role_page(manager, own_or_state(PASSOS)),
                label="the network's work in Passos",
                data={"indicador": "casos_sem_responsavel", "municipality": PASSOS},
            ),
        ],
        "monitoring:export_csv": [
            Probe((), role_page(manager), data={"indicador": "violacoes", "por": "type"}),
            Probe(
                (),
                role_page(manager, own_or_state(BH)),
                label="Belo Horizonte",
                data={"indicador": "casos", "municipality": BH},
            ),
            Probe(
                (),
                role_page(manager, own_or_state(BH)),
                label="the network's work in Belo Horizonte",
                data={
                    "indicador": "casos_por_profissional",
                    "por": "organization",
                    "municipality": BH,
                },
            ),
        ],
        "monitoring:dashboard": [
            Probe((), role_page(manager)),
            Probe(
                (),
                role_page(manager, own_or_state(BH)),
                label="drill-down to Belo Horizonte",
                data={"municipality": BH},
            ),
            Probe(
                (),
                role_page(manager, own_or_state(PASSOS)),
                label="a Passos service",
                data={"municipality": PASSOS, "organization": o["passos_cras"].pk},
            ),
        ],
    }

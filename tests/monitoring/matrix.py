"""The monitoring dashboard in the permission matrix: managers only, each in its territory."""

from tests.matrix_support import BH, HOME_MUNICIPALITY, PASSOS, Probe, role, role_page


def entries(o):
    from serdh.accounts.models import User
    from serdh.monitoring.models import Bulletin

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

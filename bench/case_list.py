"""The SIMA case list with hundreds of thousands of cases, on PostgreSQL.

Creates (or reuses, with --reuse) a database ``serdh_bench`` on the server named by
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/serdh_bench), migrates it,
loads the demo network and generates ``--cases`` cases (default 200,000) with the demo
generator, half of them registered by CRAS Centro — Passos. Then it times, in this process
through Django's test client (the whole view: access policy, query, template):

- the service's case list (first page, a later page by cursor, filtered by type, by protocol
  prefix, by person name);
- the referral inbox of the Conselho Tutelar;
- the state manager's pseudonymized list;
- the network's work (issue 13) with ``--professionals`` (default 2,000) professionals, a fifth
  of them in CRAS Centro — Passos, its open cases assigned to them (the caseload rule applies
  to every worker's list) and a task for each: "Minhas tarefas", the service's agenda (week and
  month) and the coordinator's supervision page;
and, as the baseline of the same run, /healthz (a view that only touches the database).

    .venv/bin/python bench/case_list.py [--cases 200000] [--runs 30] [--reuse] [--prepare-only]
"""

import argparse
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--professionals", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument(
        "--prepare-only", action="store_true", help="generate the data, measure nothing"
    )
    args = parser.parse_args()
    from _pg import fresh_database, half_in_one_service, setup_django

    url = fresh_database("serdh_bench", reuse=args.reuse)
    setup_django(url)
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from serdh.accounts.models import User
    from serdh.cases.models import Case, Referral
    from serdh.core.progress import ProgressLine
    from serdh.demo import cases as demo_cases
    from serdh.demo import network

    setup_test_environment()
    call_command("migrate", verbosity=0)
    network.seed()
    have = Case.objects.count()
    if have < args.cases:
        started = time.perf_counter()
        demo_cases.generate(
            args.cases - have,
            organizations=half_in_one_service(),
            batch_size=2000,
            progress=ProgressLine("Gerando casos", sys.stderr),
        )
        print(f"generated {args.cases - have} cases in {time.perf_counter() - started:.0f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    cras_cases = Case.objects.filter(organization__name="CRAS Centro — Passos").count()
    print(
        f"database: {Case.objects.count()} cases, {Referral.objects.count()} referrals; "
        f"CRAS Centro — Passos registered {cras_cases}"
    )

    _caseload(args.professionals)
    if args.prepare_only:
        return

    def client(username):
        c = Client()
        c.force_login(User.objects.get(username=username))
        return c

    cras, ct, state = client("cras.passos"), client("ct.passos"), client("gestor.mg")
    coordinator = client("coord.bench.cras")
    first = cras.get("/sima/casos/")
    cursor = first.context["page"].next_cursor
    for _ in range(10):
        cursor = cras.get(f"/sima/casos/?antes={cursor}").context["page"].next_cursor
    some = Case.objects.filter(organization__name="CRAS Centro — Passos").order_by("-pk")[500]
    from serdh.people.models import Person

    victim = some.parties.filter(person__isnull=False).first()
    name = (
        " ".join(Person.objects.get(pk=victim.person_id).full_name.split()[:2])
        if victim
        else "Maria Silva"
    )
    sexual = __import__("serdh.vocabularies.models", fromlist=["Term"]).Term.objects.get(
        vocabulary__key="violation_type", code="sexual"
    )
    probes = [
        ("baseline /healthz", cras, "/healthz"),
        ("service list, first page", cras, "/sima/casos/"),
        ("service list, page 11 (cursor)", cras, f"/sima/casos/?antes={cursor}"),
        ("service list, type = sexual", cras, f"/sima/casos/?type={sexual.pk}"),
        ("service list, protocol prefix", cras, f"/sima/casos/?protocol={some.protocol[:11]}"),
        ("service list, person name", cras, f"/sima/casos/?name={name.replace(' ', '+')}"),
        ("Conselho Tutelar inbox", ct, "/sima/encaminhamentos/"),
        ("state manager, pseudonymized", state, "/sima/casos/"),
        ("coordinator's list (all the service)", coordinator, "/sima/casos/"),
        ("Minhas tarefas (worker)", cras, "/sima/tarefas/"),
        ("service agenda, week", cras, "/sima/agenda/"),
        ("service agenda, month", coordinator, "/sima/agenda/?ver=mes"),
        ("supervision (coordinator)", coordinator, "/sima/supervisao/"),
    ]
    print(f"{'request':<36}{'median ms':>11}{'p95 ms':>9}{'x baseline':>12}")
    baseline = None
    for label, c, path in probes:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = c.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        median = statistics.median(times)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        baseline = baseline or median
        print(f"{label:<36}{median:>11.1f}{p95:>9.1f}{median / baseline:>12.1f}")


def _caseload(professionals):
    """Professionals, assignments and tasks in bulk (once per bench database)."""
    import random
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from serdh.accounts.models import Membership, User
    from serdh.cases.models import Case
    from serdh.network.models import Organization
    from serdh.workflow.models import Assignment, Task

    if User.objects.filter(username__startswith="bench.prof.").exists():
        return
    started = time.perf_counter()
    rng = random.Random(13)
    cras = Organization.objects.get(name="CRAS Centro — Passos")
    others = list(Organization.objects.filter(municipality__adhesion__status="active"))
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(username=f"bench.prof.{i}", full_name=f"Profissional {i}", email="")
            for i in range(professionals)
        )
        coordinator = User.objects.create(username="coord.bench.cras", full_name="Coordenação")
        memberships = [Membership(user=coordinator, organization=cras, role="coordinator")]
        in_cras = [users[i] for i in range(professionals // 5)]
        for i, user in enumerate(users):
            org = cras if i < len(in_cras) else rng.choice(others)
            memberships.append(Membership(user=user, organization=org, role="worker"))
        Membership.objects.bulk_create(memberships)
        team = [User.objects.get(username="cras.passos"), *in_cras]
        now = timezone.now()
        today = timezone.localdate()
        open_cases = list(
            Case.objects.filter(organization=cras, status__in=("registered", "in_follow_up"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assignments, tasks = [], []
        for n, pk in enumerate(open_cases):
            # cras.passos keeps about as many cases as any other professional.
            user = team[n % len(team)]
            assignments.append(
                Assignment(
                    case_id=pk,
                    organization=cras,
                    user=user,
                    is_responsible=True,
                    assigned_by=coordinator,
                    assigned_at=now,
                )
            )
            tasks.append(
                Task(
                    case_id=pk,
                    organization=cras,
                    kind=rng.choice(["follow_up", "home_visit", "report"]),
                    due_date=today + timedelta(days=rng.randint(-60, 60)),
                    assigned_to=user,
                    created_by=coordinator,
                )
            )
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        Task.objects.bulk_create(tasks, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"caseload: {professionals} professionals ({len(in_cras)} in CRAS Centro — Passos), "
        f"{len(assignments)} assignments and tasks in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()

"""The demo network's history with the law's obligations: the generated cases are evaluated
(obligations.services.evaluate_all), then a share of their obligations is marked fulfilled, on
time or late, and child victims get their specialized listening, some of them twice. Generated
in bulk like the cases (demo.cases), with one audit event for the batch; the shares are data
(demo/data/obligations.json)."""

import json
import random
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from serdh.core import audit
from serdh.obligations import services
from serdh.obligations.models import Hearing, Obligation

DATA = Path(__file__).resolve().parent / "data" / "obligations.json"


def load(progress=None, stdout=None):
    plan = json.loads(DATA.read_text(encoding="utf-8"))
    raised = services.evaluate_all(progress=progress)
    rng = random.Random(plan["seed"])
    now = timezone.now()
    done, hearings = [], []
    with transaction.atomic():
        due = Obligation.objects.filter(status="due").select_related("case", "victim")
        for obligation in due.order_by("pk"):
            draw = rng.random()
            if draw < plan["on_time"]:
                low, high = plan["on_time_hours"]
                when = obligation.starts_at + timedelta(hours=rng.uniform(low, high))
                if when > obligation.due_at:
                    when = obligation.due_at - timedelta(minutes=30)
            elif draw < plan["on_time"] + plan["late"]:
                low, high = plan["late_days"]
                when = obligation.due_at + timedelta(days=rng.uniform(low, high))
            else:
                continue
            if when > now:
                continue
            if obligation.kind in ("specialized_listening", "special_testimony"):
                hearings.append(
                    Hearing(
                        case=obligation.case,
                        party=obligation.victim,
                        organization_id=obligation.organization_id,
                        kind=obligation.kind,
                        held_on=timezone.localtime(when).date(),
                        recorded_by_id=obligation.case.created_by_id,
                    )
                )
                if rng.random() < plan["hearings"]["heard_twice"]:
                    hearings.append(
                        Hearing(
                            case=obligation.case,
                            party=obligation.victim,
                            organization_id=obligation.organization_id,
                            kind="other_interview",
                            held_on=timezone.localtime(when).date(),
                            recorded_by_id=obligation.case.created_by_id,
                            justification="Entrevista na escola antes da escuta (demonstração).",
                        )
                    )
                obligation.done_how = "hearing"
            else:
                obligation.done_how = (
                    "sinan" if obligation.kind == "sinan_notification" else "communication"
                )
                obligation.channel = rng.choice(plan["channels"])
                obligation.recipient = plan["recipients"].get(obligation.kind, "")
                obligation.protocol = f"{rng.randrange(1000000, 9999999)}"
            obligation.status = "done"
            obligation.done_at = when
            done.append(obligation)
        Obligation.objects.bulk_update(
            done, ["status", "done_at", "done_how", "channel", "recipient", "protocol"], 500
        )
        Hearing.objects.bulk_create(hearings, 500)
        audit.record(
            "demo.obligations_generated",
            data={"raised": raised, "fulfilled": len(done), "hearings": len(hearings)},
        )
    if stdout is not None:
        stdout.write(
            f"Obrigações legais: {raised} calculadas, {len(done)} cumpridas na demonstração."
        )
    return len(done)

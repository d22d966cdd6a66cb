"""Workflow test people: CREAS Passos has a worker (creas.passos) and a coordinator
(coord.creas.passos) in the demo; ``second_worker`` adds another worker of the same service
(generated name) so 'own service, other professional' can be tested."""

from faker import Faker

from serdh.accounts.models import Membership, User
from serdh.network.models import Organization

CREAS = "CREAS Passos"


def second_worker(username="creas2.passos", organization=CREAS):
    fake = Faker("pt_BR")
    user = User.objects.create(
        username=username, full_name=fake.name(), email=f"{username}@demo.serdh.invalid"
    )
    Membership.objects.create(
        user=user, organization=Organization.objects.get(name=organization), role="worker"
    )
    return user

"""A person is visible to whoever may see a case in which they take part."""

from serdh.core import access


@access.register_policy("people.Person")
def person_policy(actor, action, qs):
    if action not in (access.VIEW, access.CHANGE):
        return None
    from serdh.cases.models import Case, Party  # same layer; imported late to avoid a cycle

    cases = access.restrict(Case.objects.all(), actor, action)
    return qs.filter(pk__in=Party.objects.filter(case__in=cases.values("pk")).values("person_id"))

from django_tasks import task

from serdh.core import context


@task()
def build_bulletin(bulletin_id, request_context=None):
    from . import bulletins

    with context.use_context(context.for_task(request_context)):
        return bulletins.build(bulletin_id)

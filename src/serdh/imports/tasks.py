from django_tasks import task

from serdh.core import context


@task()
def validate_batch(batch_id, request_context=None):
    from . import services

    with context.use_context(context.for_task(request_context)):
        services.validate(batch_id)


@task()
def import_batch(batch_id, request_context=None):
    from . import services

    with context.use_context(context.for_task(request_context)):
        services.run(batch_id)

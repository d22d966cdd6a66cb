from django_tasks import task

from . import context, rotation


@task()
def rotate_keys(batch_size=500, request_context=None):
    with context.use_context(context.for_task(request_context)):
        return rotation.rotate(batch_size=batch_size)

from django_tasks import task

from serdh.core import context


@task()
def send_password_reset(email, request_context=None):
    """Look the address up and, for each active account that has it, e-mail a reset link."""
    from . import recovery

    with context.use_context(context.for_task(request_context)):
        return recovery.send_reset_links(email)

"""The request context: who is acting, for which organization, in which request.

Set by ``RequestContextMiddleware`` for web requests and by ``use_context`` for management
commands and background tasks, so services and the audit trail see the same facts wherever
the work runs. Kept in a ``contextvars.ContextVar`` (safe across threads and async).
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    actor_id: int | None = None
    actor_label: str = ""
    organization_id: int | None = None
    ip: str = ""
    channel: str = "system"  # web, api, cli, task, system
    # scheme://host the request came to (core.origin): links written during the request use
    # it when SERDH_PUBLIC_URL is not set.
    origin: str = ""

    def as_dict(self):
        return asdict(self)


_current = contextvars.ContextVar("serdh_request_context", default=None)


def new_request_id():
    return uuid.uuid4().hex


def current():
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext(request_id=new_request_id())
        _current.set(ctx)
    return ctx


@contextmanager
def use_context(ctx=None, **changes):
    """Run a block under a context (given, or the current one with ``changes``)."""
    base = ctx if ctx is not None else current()
    token = _current.set(replace(base, **changes) if changes else base)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_context(ctx):
    return _current.set(ctx)


def reset_context(token):
    _current.reset(token)


def for_task(payload):
    """Rebuild the context a task was enqueued under (see ``RequestContext.as_dict``)."""
    payload = dict(payload or {})
    payload.setdefault("request_id", new_request_id())
    return RequestContext(**{**payload, "channel": "task"})

"""Editorial actions in SER-DH's audit chain: what goes on or off the public site, and each
moderation decision, with who did it (the request's actor; the worker for scheduled
publishing). Wagtail keeps its own detailed log too; this is the record the auditor reads
with everything else."""

from django.db.models.signals import pre_delete

from serdh.core import audit


def _page_published(sender, instance, revision=None, **kwargs):
    audit.record(
        "portal.page_published",
        instance,
        data={"revision": getattr(revision, "pk", None), "url_path": instance.url_path},
    )


def _page_unpublished(sender, instance, **kwargs):
    audit.record("portal.page_unpublished", instance, data={"url_path": instance.url_path})


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and type(instance) is not Page:
        audit.record("portal.page_deleted", instance, data={"url_path": instance.url_path})


def _workflow_decided(action):
    def record(sender, instance, user=None, **kwargs):
        page = instance.content_object
        audit.record(
            action,
            page,
            actor=user,
            data={"workflow_state": instance.pk, "url_path": getattr(page, "url_path", "")},
        )

    return record


def connect():
    from wagtail.signals import (
        page_published,
        page_unpublished,
        workflow_approved,
        workflow_rejected,
    )

    page_published.connect(_page_published, dispatch_uid="portal-audit-published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="portal-audit-unpublished")
    pre_delete.connect(_page_deleted, dispatch_uid="portal-audit-deleted")
    workflow_approved.connect(
        _workflow_decided("portal.workflow_approved"),
        dispatch_uid="portal-audit-approved",
        weak=False,
    )
    workflow_rejected.connect(
        _workflow_decided("portal.workflow_rejected"),
        dispatch_uid="portal-audit-rejected",
        weak=False,
    )

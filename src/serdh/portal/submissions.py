"""A network professional submits an experience: it becomes a draft page under the
experiences index and enters the editorial moderation workflow, to be published (or sent
back) by a state editor in the editors' area."""

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.rich_text import RichText

from serdh.core import audit

from .models import ExperiencePage


def _paragraphs(text):
    chunks = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return [("paragraph", RichText(f"<p>{escape(p)}</p>")) for p in chunks if p]


def _unique_slug(index, title):
    base = slugify(title)[:60] or "experiencia"
    slug, n = base, 1
    taken = set(index.get_children().values_list("slug", flat=True))
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def submit_experience(user, membership, index, data):
    organization = membership.organization
    with transaction.atomic():
        page = ExperiencePage(
            title=data["title"],
            slug=_unique_slug(index, data["title"]),
            intro=data["summary"],
            body=_paragraphs(data["body"]),
            results=data.get("results", ""),
            municipality_id=organization.municipality_id,
            organization_name=organization.name,
            submitted_by=user,
            owner=user,
            live=False,
        )
        index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
        audit.record(
            "portal.experience_submitted",
            page,
            organization_id=organization.pk,
            data={"revision": revision.pk, "workflow": workflow.pk if workflow else None},
        )
    return page

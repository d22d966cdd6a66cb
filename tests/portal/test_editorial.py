"""Editorial work: SER-DH roles decide the Wagtail groups; contributors write but do not
publish; an experience sent through the portal's form waits in the moderation workflow for a
state editor; scheduled pages go live when the worker runs; images need alt text."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from serdh.accounts import services as account_services
from serdh.core.models import AuditEvent
from serdh.core.roles import Role
from serdh.demo import portal_texts
from serdh.network.models import Organization
from serdh.portal import models as portal
from serdh.portal import scheduling, setup

pytestmark = pytest.mark.django_db


def groups(user):
    return set(user.groups.values_list("name", flat=True))


def test_roles_put_people_in_exactly_their_editorial_groups(persona):
    assert groups(persona("editor.mg")) == {setup.STATE_EDITORS}
    assert groups(persona("colab.passos")) == {setup.CONTRIBUTORS}
    assert groups(persona("cras.passos")) == set()
    admin_passos, worker = persona("admin.passos"), persona("cras.passos")
    secretaria = Organization.objects.get(
        name="Secretaria Municipal de Desenvolvimento Social de Passos"
    )
    membership = account_services.grant_membership(
        admin_passos, worker, secretaria, Role.CONTRIBUTOR
    )
    assert groups(worker) == {setup.CONTRIBUTORS}
    account_services.revoke_membership(admin_passos, membership)
    assert groups(worker) == set()
    editor = persona("editor.mg")
    editor.is_active = False
    editor.save()
    assert groups(editor) == set()


def test_a_sign_in_leaves_the_groups_alone_a_change_of_the_user_does_not(persona, monkeypatch):
    from serdh.portal import editorial

    synced = []
    monkeypatch.setattr(editorial, "sync_groups", synced.append)
    editor = persona("editor.mg")
    Client().force_login(editor)  # writes last_login, nothing about roles
    assert synced == []
    editor.is_active = False
    editor.save()
    assert synced == [editor]


def test_a_municipal_admin_cannot_make_a_state_editor(persona):
    from serdh.accounts.services import may_grant

    passos_org = Organization.objects.get(name="CRAS Centro — Passos")
    sedese = Organization.objects.get(acronym="SEDESE")
    assert may_grant(persona("admin.passos"), passos_org, Role.CONTRIBUTOR)
    assert not may_grant(persona("admin.passos"), passos_org, Role.EDITOR)
    assert not may_grant(persona("admin.passos"), sedese, Role.CONTRIBUTOR)
    assert not may_grant(persona("admin.bh"), passos_org, Role.CONTRIBUTOR)


def test_contributors_write_news_and_experiences_but_only_editors_publish(persona):
    editor, contributor = persona("editor.mg"), persona("colab.passos")
    news = portal.NewsIndexPage.objects.get()
    article = portal.ArticlePage.objects.live().first()
    assert news.permissions_for_user(contributor).can_add_subpage()
    assert not news.permissions_for_user(contributor).can_publish_subpage()
    assert not article.permissions_for_user(contributor).can_edit()
    assert article.permissions_for_user(editor).can_publish()
    assert not article.permissions_for_user(persona("gestor.mg")).can_edit()


def submit(client, **overrides):
    data = {
        "title": portal_texts.SUBMITTED_EXPERIENCE["title"],
        "summary": portal_texts.SUBMITTED_EXPERIENCE["summary"],
        "body": "\n\n".join(portal_texts.SUBMITTED_EXPERIENCE["body"]),
        "results": portal_texts.SUBMITTED_EXPERIENCE["results"],
        "no_personal_data": "on",
    }
    data.update(overrides)
    return client.post(portal.ExperienceIndexPage.objects.get().url + "enviar/", data)


def test_a_submitted_experience_waits_for_a_state_editor_then_is_published(client_for, persona):
    response = submit(client_for("colab.passos"))
    assert response.status_code == 302
    page = portal.ExperiencePage.objects.get(title=portal_texts.SUBMITTED_EXPERIENCE["title"])
    assert not page.live and page.submitted_by == persona("colab.passos")
    assert page.municipality_id == 3147907
    assert Client().get(page.url).status_code == 404  # not published: nobody outside sees it
    state = page.current_workflow_state
    assert state is not None and state.status == state.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert task.get_actions(page, persona("colab.passos")) == []
    assert task.get_actions(page, persona("gestor.mg")) == []
    assert [a[0] for a in task.get_actions(page, persona("editor.mg"))][:1] == ["reject"] or any(
        a[0] == "approve" for a in task.get_actions(page, persona("editor.mg"))
    )
    state.current_task_state.approve(user=persona("editor.mg"))
    page.refresh_from_db()
    assert page.live
    assert Client().get(page.url).status_code == 200
    assert AuditEvent.objects.filter(
        action="portal.experience_submitted", object_id=str(page.pk)
    ).exists()
    approved = AuditEvent.objects.get(action="portal.workflow_approved", object_id=str(page.pk))
    assert approved.actor_label == "editor.mg"
    assert AuditEvent.objects.filter(action="portal.page_published", object_id=str(page.pk))


def test_unpublishing_and_deleting_a_page_are_in_the_audit_chain(persona):
    from serdh.core import audit

    news = portal.NewsPage.objects.live().first()
    pk = str(news.pk)
    news.unpublish(user=persona("editor.mg"))
    news.delete()
    actions = set(AuditEvent.objects.filter(object_id=pk).values_list("action", flat=True))
    assert {"portal.page_unpublished", "portal.page_deleted"} <= actions
    assert audit.verify().ok


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"no_personal_data": ""}, "no_personal_data", "Confirme que o relato não identifica"),
        ({"body": "Curto demais."}, "body", "pelo menos 30 palavras"),
        ({"title": ""}, "title", "Este campo é obrigatório."),
    ],
)
def test_a_bad_submission_shows_field_errors_in_portuguese_and_creates_nothing(
    client_for, overrides, field, message
):
    before = portal.ExperiencePage.objects.count()
    response = submit(client_for("cras.bh"), **overrides)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert portal.ExperiencePage.objects.count() == before


def test_the_submitted_text_is_escaped_not_rendered_as_html(client_for, persona):
    submit(client_for("cras.bh"), title="Relato com marcação", body="<script>x</script> " * 40)
    page = portal.ExperiencePage.objects.get(title="Relato com marcação")
    html = str(page.body[0].value)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_page_scheduled_by_an_editor_goes_live_when_the_worker_runs(persona):
    news = portal.NewsIndexPage.objects.get()
    page = news.add_child(
        instance=portal.NewsPage(
            title="Agendada", slug="agendada", live=False, body=[("heading", "Em breve")]
        )
    )
    revision = page.save_revision(user=persona("editor.mg"))
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision(user=persona("editor.mg"))
    revision.publish(user=persona("editor.mg"))  # approved for later: not live yet
    page.refresh_from_db()
    assert not page.live
    scheduling.publish_due()
    page.refresh_from_db()
    assert not page.live
    # An hour later (the revision's dates moved back instead of the clock forward):
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    scheduling.publish_due()
    page.refresh_from_db()
    assert page.live and Client().get(page.url).status_code == 200


def test_images_cannot_be_uploaded_or_placed_without_alt_text():
    from wagtail.blocks import StreamBlockValidationError
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(portal.PortalImage)
    form = form_class(data={"title": "Foto", "description": ""}, user=None)
    assert not form.is_valid() and "description" in form.errors
    image = portal.PortalImage.objects.first()
    block = portal.NewsPage._meta.get_field("body").stream_block
    value = block.to_python(
        [{"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": False}}]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)
    ok = block.to_python(
        [{"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True}}]
    )
    block.clean(ok)


def test_revisions_keep_every_version_and_the_page_can_go_back(persona):
    article = portal.ArticlePage.objects.live().first()
    first = article.latest_revision
    article.title = "Título revisto"
    article.save_revision(user=persona("editor.mg")).publish()
    assert article.revisions.count() >= 2
    first.publish(user=persona("editor.mg"))
    assert Page.objects.get(pk=article.pk).title != "Título revisto"


def test_a_lesson_video_is_a_served_file_with_captions_and_a_transcript():
    from django.core.files.base import ContentFile
    from wagtail.blocks import StreamBlockValidationError

    from serdh.portal.setup import training_collection

    def document(name, data):
        doc = portal.LibraryDocument(title=name, category="material")
        doc.collection = training_collection()
        doc.file.save(name, ContentFile(data), save=False)
        doc.save()
        return doc

    video = document("aula.mp4", b"\x00\x00\x00\x18ftypmp42")
    captions = document("aula.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nOla\n")
    handout = portal.LibraryDocument.objects.filter(category="material").first()
    block = portal.LessonPage._meta.get_field("body").stream_block
    good = block.to_python(
        [
            {
                "type": "video",
                "value": {"video": video.pk, "captions": captions.pk, "transcript": "Olá."},
            }
        ]
    )
    block.clean(good)
    html = str(good[0].render())
    assert '<video controls preload="none"' in html and 'kind="captions"' in html
    assert video.url in html and "Transcrição do vídeo" in html
    bad = block.to_python(
        [{"type": "video", "value": {"video": handout.pk, "captions": None, "transcript": "x"}}]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(bad)

"""Every page type of the portal, requested by every demo persona and an anonymous visitor:
public pages answer 200 to all; the training (course, module, lesson, handouts) and the
experience form send the visitor to the login page and open for any network professional;
the editors' area opens for the editor and the municipal contributor only."""

import pytest
from django.test import Client

from serdh.accounts.models import User
from serdh.portal import models as portal
from tests.matrix_support import ALL, ANON, PERSONAS

pytestmark = pytest.mark.django_db

PUBLIC = (
    portal.HomePage,
    portal.NewsIndexPage,
    portal.NewsPage,
    portal.ArticleIndexPage,
    portal.ArticlePage,
    portal.ExperienceIndexPage,
    portal.ExperiencePage,
    portal.TrainingIndexPage,
    portal.EventIndexPage,
    portal.EventPage,
    portal.LibraryPage,
    portal.StatisticsPage,
    portal.ServiceFinderPage,
    portal.HowToReportPage,
)
PROFESSIONAL = (portal.CoursePage, portal.ModulePage, portal.LessonPage)
EDITORIAL = {"editor.mg", "colab.passos"}


@pytest.fixture
def clients():
    made = {ANON: Client()}
    for username in PERSONAS:
        made[username] = Client()
        made[username].force_login(User.objects.get(username=username))
    return made


def _status(clients, url):
    return {p: clients[p].get(url).status_code for p in ALL}


def test_every_page_type_has_a_demo_page_and_a_rule_here():
    from wagtail.models import get_page_models

    project_types = {m for m in get_page_models() if m._meta.app_label == "portal"}
    assert project_types == set(PUBLIC) | set(PROFESSIONAL)
    for model in project_types:
        assert model.objects.live().exists(), f"no live demo page of {model.__name__}"


@pytest.mark.parametrize("model", PUBLIC, ids=lambda m: m.__name__)
def test_public_pages_open_for_everyone(model, clients):
    url = model.objects.live().first().url
    assert _status(clients, url) == dict.fromkeys(ALL, 200)


@pytest.mark.parametrize("model", PROFESSIONAL, ids=lambda m: m.__name__)
def test_training_pages_are_for_network_professionals(model, clients):
    url = model.objects.live().first().url
    expected = dict.fromkeys(PERSONAS, 200) | {ANON: 302}
    assert _status(clients, url) == expected
    response = clients[ANON].get(url)
    assert response["Location"].startswith("/conta/entrar/?next=")
    assert clients["cras.passos"].get(url)["Cache-Control"] == "private, no-store"


def test_training_handouts_are_for_network_professionals_library_documents_for_all(clients):
    from serdh.portal.setup import training_collection

    handout = portal.LibraryDocument.objects.get(
        collection=training_collection(), title__icontains="acolhimento"
    )
    assert _status(clients, handout.url) == dict.fromkeys(PERSONAS, 200) | {ANON: 302}
    public = portal.LibraryDocument.objects.filter(category="cartilhas").first()
    assert _status(clients, public.url) == dict.fromkeys(ALL, 200)


def test_the_experience_form_is_for_network_professionals(clients):
    url = portal.ExperienceIndexPage.objects.get().url + "enviar/"
    assert _status(clients, url) == dict.fromkeys(PERSONAS, 200) | {ANON: 302}


def test_the_editors_area_opens_for_editors_and_contributors_only(clients):
    statuses = _status(clients, "/editorial/")
    assert {p for p, s in statuses.items() if s == 200} == EDITORIAL
    # Wagtail sends everyone else to the (SER-DH) login page, with a message.
    assert all(s == 302 for p, s in statuses.items() if p not in EDITORIAL)
    assert clients[ANON].get("/editorial/")["Location"].startswith("/conta/entrar/")


def test_system_accounts_and_people_without_an_active_role_are_not_professionals(client_for):
    from serdh.accounts.models import Membership

    lesson = portal.LessonPage.objects.live().first().url
    worker = client_for("cras.bh")
    Membership.objects.filter(user__username="cras.bh").update(is_active=False)
    assert worker.get(lesson).status_code == 403
    system = User.objects.create(username="sistema-teste", is_system=True)
    robot = Client()
    robot.force_login(system)
    assert robot.get(lesson).status_code == 403

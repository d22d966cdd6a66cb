"""A person's name never travels in a URL (issue 11).

The leak reproduced: ``/sima/casos/?name=Camila+Viana`` put the name in the URL (browser
history, proxies, server logs, the Referer of the next request) and the case list's ``query``
context variable echoed it into the portal search box of the header (``busca-topo``). Now the
filters are posted, the name is kept encrypted in the session under a random search id, and
only the id is in the URL.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from serdh.cases.views_list import SEARCHES_KEY
from tests.cases.factories import open_case

NAME = "Camila Viana"


@pytest.fixture
def case(db):
    return open_case(victim_name="Camila Viana Rocha")


def test_the_name_is_posted_and_the_url_carries_only_a_search_id(client_for, case):
    worker = client_for("cras.passos")
    response = worker.post(reverse("cases:case_list"), {"name": NAME, "status": "registered"})
    assert response.status_code == 302
    location = response["Location"]
    assert "Camila" not in location and "Viana" not in location
    assert re.search(r"busca=[\w-]+", location) and "status=registered" in location
    page = worker.get(location)
    html = page.content.decode()
    assert case.protocol in html
    # The header's portal search box stays empty; pagination links never carry the name.
    box = re.search(r'<input id="busca-topo"[^>]*>', html)
    assert box is None or "Camila" not in box.group(0)
    assert "name=" not in page.context["page_query"]
    # Stored encrypted, not in clear, in the session.
    stored = list(worker.session[SEARCHES_KEY].values())
    assert stored and all("Camila" not in value for value in stored)


def test_an_old_link_with_a_name_searches_nothing(client_for, case):
    html = client_for("cras.bh").get(reverse("cases:case_list"), {"name": NAME}).content.decode()
    assert 'value="Camila Viana"' not in html


def test_a_search_id_is_worth_nothing_in_another_session(client_for, case):
    worker = client_for("cras.passos")
    location = worker.post(reverse("cases:case_list"), {"name": "Outra Pessoa"})["Location"]
    other = Client()
    other.force_login(case.created_by)
    html = other.get(location).content.decode()
    assert "Outra Pessoa" not in html
    assert case.protocol in html  # no name filter applied: the plain list


def test_the_portal_search_box_never_shows_another_pages_query(client_for):
    html = (
        client_for("cras.passos")
        .get(reverse("cases:case_list"), {"protocol": "MG-"})
        .content.decode()
    )
    box = re.search(r'<input id="busca-topo"[^>]*>', html)
    assert box is None or 'value=""' in box.group(0)

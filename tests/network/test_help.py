"""Onde buscar ajuda / Como denunciar: the public finds the network's public services for a
need in a municipality, most relevant first; confidential services never appear."""

import pytest
from django.test import Client

from serdh.network import help as directory_help

pytestmark = pytest.mark.django_db
PASSOS, BH = 3147907, 3106200


def names(response):
    return [org.name for org in response.context["services"]]


def test_a_visitor_finds_the_services_for_a_child_in_passos_conselho_tutelar_first():
    response = Client().get("/ajuda/", {"municipio": PASSOS, "necessidade": "crianca"})
    assert response.status_code == 200
    found = names(response)
    assert found[0] == "Conselho Tutelar de Passos" and "CREAS Passos" in found
    assert "Casa de Acolhimento Provisório Passos" not in response.content.decode()
    assert all(o.is_public and o.is_active for o in response.context["services"])


def test_each_need_only_lists_kinds_that_serve_it():
    for code, need in directory_help.NEEDS.items():
        response = Client().get("/ajuda/", {"municipio": PASSOS, "necessidade": code})
        assert {o.kind for o in response.context["services"]} <= set(need.kinds)


def test_a_municipality_without_services_points_to_disque_100():
    response = Client().get("/ajuda/", {"municipio": 3100104, "necessidade": "mulher"})
    assert response.context["services"] == []
    assert "Ligue Disque 100" in response.content.decode()


def test_bad_choices_get_portuguese_errors_and_no_results():
    response = Client().get("/ajuda/", {"municipio": "abc", "necessidade": "nada"})
    html = response.content.decode()
    assert response.status_code == 200 and response.context["services"] is None
    assert "Faça uma escolha válida." in html


def test_how_to_report_shows_the_hotlines_and_the_local_conselho_tutelar():
    response = Client().get("/ajuda/como-denunciar/", {"municipio": PASSOS})
    html = response.content.decode()
    assert 'href="tel:100"' in html and 'href="tel:180"' in html and 'href="tel:190"' in html
    assert [o.name for o in response.context["conselhos"]] == ["Conselho Tutelar de Passos"]
    assert Client().get("/ajuda/como-denunciar/", {"municipio": "9"}).context["conselhos"] is None

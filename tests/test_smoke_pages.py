import pytest
from django.urls import reverse

PAGES = [
    "web:home",
    "network:organization_list",
    "network:municipality_list",
]


@pytest.mark.parametrize(
    "username", [u for u, *_ in __import__("serdh.demo.network", fromlist=["USERS"]).USERS]
)
@pytest.mark.parametrize("name", PAGES)
def test_every_persona_opens_the_common_pages(client_for, username, name):
    response = client_for(username).get(reverse(name))
    assert response.status_code == 200

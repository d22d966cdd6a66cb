"""The portal's own URLs in the permission matrix (its pages are Wagtail's: see
test_portal_matrix.py). Search is public; a rendition that does not exist is 404 for all;
Wagtail's login page sends everyone to SER-DH's own."""

from tests.matrix_support import Probe


def entries(o):
    return {
        "portal_search": [
            Probe((), lambda p: 200),
            Probe((), lambda p: 200, label="a search", data={"q": "violência"}),
        ],
        "portal_rendition": [
            Probe(("nao-existe.png",), lambda p: 404, label="no such rendition"),
            Probe(("../keys.json",), lambda p: 404, label="outside the renditions folder"),
        ],
        "editorial_login": [Probe((), lambda p: 302)],
    }

"""Reading the site's pages in tests: parsed HTML, their text and links, SQL statements."""

from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from sqlalchemy import event

from tarjotin.extensions import db

LINK_ATTRIBUTES = ("src", "href", "action", "srcset", "poster", "data")


def parse(html):
    """Return the page parsed by the standard library's parser."""
    return BeautifulSoup(html, "html.parser")


def find(node, *args, **kwargs):
    """Return the first element inside ``node`` that matches, failing the test when none."""
    found = node.find(*args, **kwargs)
    if found is None:
        terms = [*map(repr, args), *(f"{key}={value!r}" for key, value in kwargs.items())]
        raise AssertionError(f"nothing on the page matches find({', '.join(terms)})")
    return found


def text_of(node):
    """Return the text inside ``node`` with runs of white space made single spaces."""
    return " ".join(node.get_text().split())


def get_page(client, path):
    """Commit, GET ``path``, check it answered 200 and return the response and parsed page."""
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response, parse(response.text)


def other_origin_links(html, allowed=()):
    """Return the src and href values that lead to another origin than the site's own."""
    found = []
    for node in parse(html).find_all(True):
        for name in LINK_ATTRIBUTES:
            value = node.get(name)
            if not value:
                continue
            parts = urlsplit(value)
            outside = value.startswith("//") or parts.scheme in ("http", "https")
            if outside and value not in allowed and parts.netloc != "localhost":
                found.append(value)
    return found


def count_statements(client, path):
    """Return how many SQL statements a GET of ``path`` takes, from an empty session."""
    db.session.commit()
    db.session.remove()  # nothing already in the identity map
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)

"""Pages load nothing from other origins and carry the security headers."""

import pytest

from tests.browser.pages import LANGUAGES, PAGE_TYPES, visit


def assert_security_headers(headers):
    """Check a strict Content Security Policy and the other headers every answer carries."""
    policy = headers.get("content-security-policy", "")
    directives = [directive.strip() for directive in policy.split(";")]
    assert "default-src 'self'" in directives, policy
    assert "frame-ancestors 'none'" in directives, policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy")


@pytest.mark.parametrize("site_page", PAGE_TYPES, indirect=True)
def test_page_loads_nothing_from_another_origin(page, page_log, live_server, site_page):
    for lang in LANGUAGES:
        assert_security_headers(visit(page, site_page, lang).all_headers())
    page.wait_for_load_state("networkidle")  # late requests too, such as the favicon

    assert page_log.requests, "the browser recorded no request"
    assert page_log.foreign_requests(live_server.origin) == []

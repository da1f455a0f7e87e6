"""An activity page prints on A4 without the site's navigation."""

import re

import pytest

from tests.browser.pages import visit

PDF_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]")
A4_POINTS = (595.3, 841.9)


@pytest.mark.parametrize("site_page", ["activity"], indirect=True)
def test_activity_page_prints_on_a4(page, site_page):
    visit(page, site_page, "fi")

    pdf = page.pdf(format="A4")

    assert pdf.startswith(b"%PDF-")
    assert len(PDF_PAGE.findall(pdf)) >= 1
    for width, height in MEDIA_BOX.findall(pdf):
        assert float(width) == pytest.approx(A4_POINTS[0], abs=2)
        assert float(height) == pytest.approx(A4_POINTS[1], abs=2)


@pytest.mark.parametrize("site_page", ["activity"], indirect=True)
def test_printed_activity_page_hides_the_navigation(page, site_page):
    visit(page, site_page, "fi")

    page.emulate_media(media="print")

    assert page.locator("main h1").is_visible()
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".language-switcher").is_hidden()
    assert page.locator(".skip-link").is_hidden()

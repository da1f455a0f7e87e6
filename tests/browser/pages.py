"""The site's page types and the actions the browser tests share."""

import re
from dataclasses import dataclass

LANGUAGES = ("fi", "sv", "en")
ACTIVITY_PATH = re.compile(r"^/(fi|sv|en)/activities/(\d+)$")
ORGANISATION_PATH = re.compile(r"^/(fi|sv|en)/organisations/(\d+)$")


@dataclass(frozen=True)
class SitePage:
    """A page type: its path pattern with ``{lang}``, its status, the language it falls back in."""

    name: str
    pattern: str
    status: int = 200
    fallback_in: str | None = None

    def path(self, lang):
        return self.pattern.format(lang=lang)


# Page types with a fixed address; the activity and organisation pages are found on the
# site itself (see the ``site_pages`` fixture) because their ids come from the seed.
FIXED_PAGES = {
    "home": SitePage("home", "/{lang}/"),
    "activities": SitePage("activities", "/{lang}/activities"),
    "activities-filtered": SitePage("activities-filtered", "/{lang}/activities?step=2&free=1"),
    "organisations": SitePage("organisations", "/{lang}/organisations"),
    "steps": SitePage("steps", "/{lang}/steps"),
    "accessibility": SitePage("accessibility", "/{lang}/accessibility"),
    "not-found": SitePage("not-found", "/{lang}/no-such-page", status=404),
    "bad-request": SitePage("bad-request", "/{lang}/activities?page=abc", status=400),
}
FOUND_PAGES = ("activity", "activity-fallback", "organisation")
PAGE_TYPES = [*list(FIXED_PAGES)[:3], *FOUND_PAGES, *list(FIXED_PAGES)[3:]]


def as_pattern(path):
    """Turn ``/fi/activities/7`` into ``/{lang}/activities/7``."""
    return re.sub(r"^/(fi|sv|en)/", "/{lang}/", path)


def first_link(page, path, pattern):
    """Open ``path`` and return the path of the first link in main that matches ``pattern``."""
    page.goto(path)
    hrefs = page.locator("main a[href]").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname)"
    )
    return next((href for href in hrefs if pattern.match(href)), None)


def visit(page, site_page, lang):
    """Open ``site_page`` in ``lang``, check its status and return the response."""
    path = site_page.path(lang)
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == site_page.status, (
        f"{path} answered {response.status}, expected {site_page.status}"
    )
    return response


def active_element(page):
    """Describe the focused element: tag, id, class, path of its link and its text."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            className: typeof el.className === "string" ? el.className : "",
            path: el.href ? new URL(el.href).pathname : null,
            search: el.href ? new URL(el.href).search : null,
            hash: el.href ? new URL(el.href).hash : null,
            text: (el.innerText || el.value || "").trim(),
          };
        }"""
    )


def press_tab_until(page, found, limit=80):
    """Press Tab until ``found(active_element)`` holds; fail after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = active_element(page)
        if found(element):
            return element
        seen.append(element["path"] or element["tag"])
    raise AssertionError(f"no matching focus after {limit} Tabs; the last stops were {seen[-20:]}")

"""A resident can reach an activity from the home page with the keyboard alone."""

from tests.browser.pages import ACTIVITY_PATH, active_element, press_tab_until

LIST_PATH = "/en/activities"


def is_list_or_step_link(element):
    return element["tag"] == "a" and element["path"] == LIST_PATH and not element["hash"]


def is_link_past_the_filters(element):
    """An in-page link other than the skip link to main: the list's "Go to the results"."""
    return element["tag"] == "a" and element["hash"] not in ("", "#main")


def is_activity_link(element):
    return element["tag"] == "a" and bool(ACTIVITY_PATH.match(element["path"] or ""))


def test_keyboard_reaches_an_activity_from_the_home_page(page):
    page.goto("/en/")

    page.keyboard.press("Tab")
    skip_link = active_element(page)
    assert skip_link["text"] == "Skip to content"
    assert "skip-link" in skip_link["className"]

    page.keyboard.press("Enter")
    assert active_element(page)["id"] == "main"

    link = press_tab_until(page, is_list_or_step_link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(link["path"] + link["search"])

    # The filters hold some eighty tab stops; the list's own skip link jumps past them.
    press_tab_until(page, is_link_past_the_filters)
    page.keyboard.press("Enter")
    link = press_tab_until(page, is_activity_link, limit=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(link["path"])
    heading = page.locator("main h1")
    assert heading.count() == 1
    assert heading.inner_text().strip() == link["text"].strip()


def test_focused_link_shows_a_focus_indicator(page):
    page.goto("/en/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")  # into main
    press_tab_until(page, lambda element: element["tag"] == "a")

    style = page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          return {
            outlineStyle: style.outlineStyle,
            outlineWidth: parseFloat(style.outlineWidth),
            boxShadow: style.boxShadow,
          };
        }"""
    )
    has_outline = style["outlineStyle"] != "none" and style["outlineWidth"] > 0
    assert has_outline or style["boxShadow"] != "none", style

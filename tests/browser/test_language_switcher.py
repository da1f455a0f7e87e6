"""The language switcher keeps the resident on the same page with the same filters."""


def test_language_switcher_keeps_the_page_and_its_filters(page, live_server):
    page.goto("/fi/activities?step=2")

    with page.expect_navigation():
        page.get_by_role("link", name="På svenska").click()

    assert page.url == f"{live_server.url}/sv/activities?step=2"
    assert page.locator("html").get_attribute("lang") == "sv"

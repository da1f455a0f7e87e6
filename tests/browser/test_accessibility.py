"""axe finds nothing on any page type, in any language, and the CSP stays quiet."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import LANGUAGES, PAGE_TYPES, visit

AXE = Axe()


def describe_violations(results):
    """List each violation with its rule, impact, help and the selectors it was found at."""
    lines = []
    for violation in results.response["violations"]:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(
                line if line.endswith(":") else f"{line};"
                for line in map(str.strip, node.get("failureSummary", "").splitlines())
                if line
            )
            lines.append(f"    at {target}  {node.get('html', '')[:120]}")
            lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("site_page", PAGE_TYPES, indirect=True)
def test_axe_finds_no_violations(page, site_page):
    # Playwright injects axe through the DevTools protocol, which the page's Content
    # Security Policy does not govern, so axe checks the page under its real policy.
    found = {}
    for lang in LANGUAGES:
        visit(page, site_page, lang)
        results = AXE.run(page)
        if results.violations_count:
            found[site_page.path(lang)] = describe_violations(results)

    assert not found, "axe found violations:\n" + "\n".join(
        f"{path}:\n{report}" for path, report in found.items()
    )


@pytest.mark.parametrize("site_page", PAGE_TYPES, indirect=True)
def test_page_breaks_no_content_security_policy_rule(page, page_log, site_page):
    refused = []
    for lang in LANGUAGES:
        visit(page, site_page, lang)
        refused += page.evaluate("window.__cspViolations")  # securitypolicyviolation events

    refused += [text for text in page_log.console if "Content Security Policy" in text]
    assert refused == [], "\n".join(refused)
    assert page_log.errors == []


def test_content_security_policy_check_notices_an_inline_script(page, page_log):
    page.goto("/fi/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ranInline = true";
          document.body.append(script);
        }"""
    )

    assert page.evaluate("window.ranInline") is None
    assert page.evaluate("window.__cspViolations") != []
    assert any("Content Security Policy" in text for text in page_log.console)


def test_fallback_text_is_marked_on_the_activity_page(page, site_pages):
    site_page = site_pages["activity-fallback"]
    if site_page is None:
        pytest.skip("the demo region has no activity with a text missing in sv or en")

    visit(page, site_page, site_page.fallback_in)

    assert page.locator("main .fallback").count() > 0
    assert page.locator("main [lang=fi]").count() > 0

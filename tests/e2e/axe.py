"""axe-core run on the page the browser shows: WCAG 2.1 A and AA rules.

axe-core comes from npm (package.json pins it) and is committed with its MPL-2.0 licence in
vendor/axe-core, so the tests need no npm at run time. To update it: bump the version in
package.json, `npm install`, then copy node_modules/axe-core/{axe.min.js,LICENSE,
LICENSE-3RD-PARTY.txt} into vendor/axe-core.

The app's CSP (`script-src 'self'` + nonce) rightly refuses an injected <script> tag, so
`page.add_script_tag` cannot be used. The source is evaluated through the DevTools protocol
instead, which the page's CSP does not govern: the CSP stays on for the pages under test.
"""

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe finds on the current document."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("(source) => { (0, eval)(source); }", AXE_SOURCE.read_text())
    return page.evaluate(_RUN, WCAG_TAGS)  # type: ignore[no-any-return]


def describe(url: str, found: list[dict[str, Any]]) -> str:
    """The violations as a readable report: rule, impact, help link, each failing element."""
    lines = [f"{len(found)} accessibility violation(s) on {url}:"]
    for violation in found:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"      {detail}")
    return "\n".join(lines)


class Auditor:
    """Runs axe on each page a test visits, and notices a page that was left unchecked."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loaded: list[str] = []  # pages loaded since the last check
        self.checked = 0
        page.on("load", self._loaded)

    def _loaded(self, page: Page) -> None:
        self.loaded.append(page.url)

    def check(self) -> None:
        """Wait for the page to load, then fail on any WCAG 2.1 A/AA violation."""
        self.page.wait_for_load_state("load")
        found = violations(self.page)
        # The evaluate round trip above has delivered every earlier event, this page's "load"
        # included, so what `loaded` holds now is complete.
        skipped, self.loaded = self.loaded[:-1], []
        self.checked += 1
        assert not skipped, f"pages loaded but not checked for accessibility: {skipped}"
        assert not found, describe(self.page.url, found)

    def assert_all_checked(self) -> None:
        """Fail when a page the test loaded was never checked."""
        if self.page.is_closed():
            return
        self.page.evaluate("() => 0")  # delivers the events still on the way
        assert not self.loaded, f"pages loaded but not checked for accessibility: {self.loaded}"

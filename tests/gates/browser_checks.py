"""Checks of a page open in headless Chromium: accessibility (axe-core), privacy, layout, keyboard.
Each takes a Playwright page and returns the problems it finds as readable strings."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }));
}"""


def accessibility_violations(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now.

    axe is evaluated through the DevTools protocol rather than added as a <script> element,
    so a strict Content-Security-Policy on the site cannot block it."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def describe_violations(violations: list[dict]) -> str:
    """The violations as a report a person can act on: rule, what it means, each element."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {' '.join(node['html'].split())[:200]}")
            # failureSummary is a heading ("Fix any of the following:") and one reason per line.
            heading, *reasons = [" ".join(line.split()) for line in (node["summary"] or "").splitlines()
                                 if line.strip()] or [""]
            lines.append(f"      {heading} {'; '.join(reasons)}".rstrip())
    return "\n".join(lines)


class TrafficWatch:
    """Records, while a page loads, what would leak or break for a visitor: requests to another
    origin, cookies, console errors and uncaught exceptions. Use it as a `with` block."""

    def __init__(self, page, origin: str):
        self.page, self.origin = page, origin
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        self.in_flight: set = set()
        self._listeners = {
            "request": self._on_request,
            "requestfinished": lambda request: self.in_flight.discard(request),
            "requestfailed": lambda request: self.in_flight.discard(request),
            "console": self._on_console,
            "pageerror": lambda error: self.console_errors.append(f"uncaught exception: {error}"),
        }

    def __enter__(self) -> TrafficWatch:
        self.page.context.clear_cookies()
        for event, listener in self._listeners.items():
            self.page.on(event, listener)
        return self

    def __exit__(self, *exception) -> None:
        for event, listener in self._listeners.items():
            self.page.remove_listener(event, listener)

    def _on_request(self, request):
        self.in_flight.add(request)
        scheme = urlsplit(request.url).scheme
        if scheme not in ("data", "blob", "about") and origin_of(request.url) != self.origin:
            self.foreign_requests.append(f"{request.resource_type} request to {request.url}")

    def _on_console(self, message):
        where = message.location.get("url", "")
        # The browser logs a 404 page's own status as an error; the status is checked on its own.
        if message.type == "error" and not (where == self.page.url and message.text.startswith(
                "Failed to load resource: the server responded with a status of")):
            self.console_errors.append(f"console error: {message.text}" + (f" (at {where})" if where else ""))

    def settle(self, timeout_ms: int = 5000) -> None:
        """Scroll to the bottom (lazy content loads too) and wait until no request is in flight."""
        self.page.evaluate("""async () => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          await document.fonts.ready;
          await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        }""")
        waited = 0
        while self.in_flight and waited < timeout_ms:
            self.page.wait_for_timeout(25)
            waited += 25

    def problems(self) -> list[str]:
        """Everything seen so far that a visitor's privacy or experience would suffer from."""
        cookies = [f"cookie set: {c['name']} for {c['domain']}" for c in self.page.context.cookies()]
        return self.foreign_requests + cookies + self.console_errors


def origin_of(url: str) -> str:
    """scheme://host:port of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


_OVERFLOWING_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth;
  const sticksOut = element => element.getBoundingClientRect().right > width + 0.5;
  const describe = element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
      + [...element.classList].map(name => '.' + name).join('');
  // The outermost elements that stick out: their parents fit, so they are where to look.
  return [...document.body.querySelectorAll('*')]
    .filter(element => sticksOut(element) && !(element.parentElement && sticksOut(element.parentElement)))
    .slice(0, 5)
    .map(element => `${describe(element)} reaches ${Math.round(element.getBoundingClientRect().right)} px`);
}"""


def horizontal_overflow(page) -> list[str]:
    """Why the page scrolls sideways at the current viewport width, or [] when it does not."""
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll_width <= client_width:
        return []
    return [f"the page is {scroll_width} px wide in a {client_width} px viewport"] + \
        page.evaluate(_OVERFLOWING_ELEMENTS)


_FOCUSED_ELEMENT = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const main = document.querySelector('main');
  return {
    description: element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
        + [...element.classList].map(name => '.' + name).join('')
        + ` "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40)}"`,
    isSkipLink: element.matches('a.skip-link'),
    outlineVisible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    boxShadow: style.boxShadow !== 'none',
    atOrAfterMain: !!main && (main.contains(element)
        || !!(main.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)),
  };
}"""


def press_tab(page) -> dict | None:
    """Press Tab and describe the element that then has focus (None: focus left the page)."""
    page.keyboard.press("Tab")
    return page.evaluate(_FOCUSED_ELEMENT)


def has_visible_focus(focused: dict) -> bool:
    """An outline or a box shadow marks the focused element."""
    return focused["outlineVisible"] or focused["boxShadow"]


def skip_link_problems(page) -> list[str]:
    """On a freshly loaded page: the first Tab reaches a.skip-link, focus on it is visible,
    Enter on it goes to #main and the next Tab lands inside (or after the start of) main."""
    first = press_tab(page)
    if first is None or not first["isSkipLink"]:
        return [f"the first Tab focuses {first['description'] if first else 'nothing'}, not a.skip-link"]
    problems = [] if has_visible_focus(first) else ["the focused skip link has no outline or box shadow"]
    page.keyboard.press("Enter")
    hash_after, main_reached = page.evaluate("""() => {
      const main = document.querySelector('main');
      const top = main ? main.getBoundingClientRect().top : -1;
      return [location.hash, !!main && (document.activeElement === main || (top >= -1 && top < innerHeight))];
    }""")
    if hash_after != "#main":
        problems.append(f"Enter on the skip link leads to '{hash_after}', not '#main'")
    if not main_reached:
        problems.append("after Enter on the skip link, main neither has focus nor is in view")
    after = press_tab(page)
    if after is not None and not after["atOrAfterMain"]:
        problems.append(f"after the skip link, Tab still focuses {after['description']} before main")
    return problems


def invisible_focus(page, limit: int = 150) -> list[str]:
    """Tab through the page from the top: each element that gets focus without a visible mark."""
    problems, first = [], None
    for _ in range(limit):
        focused = press_tab(page)
        if focused is None or focused == first:  # focus left the page, or came round again
            break
        first = first or focused
        if not has_visible_focus(focused):
            problems.append(f"{focused['description']} shows no outline or box shadow when focused")
    return problems


def strip_meta_refresh(html: str) -> str:
    """The page without its <meta http-equiv=refresh>, so checks see it instead of its target."""
    return re.sub(r"<meta\s[^>]*http-equiv=[\"']?refresh[^>]*>", "", html, flags=re.IGNORECASE)


def load(page, url: str, *, without_refresh: bool = False):
    """Open `url` in the tab and return the response; `without_refresh` removes the page's
    <meta http-equiv=refresh> first, so the page itself is checked rather than where it sends."""
    if not without_refresh:
        return page.goto(url)

    def is_the_page(address: str) -> bool:
        return address == url

    def fulfil_without_refresh(route):
        response = route.fetch()
        route.fulfill(response=response, body=strip_meta_refresh(response.text()))

    page.route(is_the_page, fulfil_without_refresh)
    try:
        return page.goto(url)
    finally:
        page.unroute(is_the_page)


def language_switch_problems(page, hreflang: str, expected_url: str) -> list[str]:
    """Click the language switcher's link to `hreflang`: it must open `expected_url`,
    a page whose <html lang> is `hreflang`."""
    link = page.locator(f'nav.language-switcher a[hreflang="{hreflang}"]')
    if link.count() != 1:
        return [f'nav.language-switcher has {link.count()} links with hreflang="{hreflang}", not 1']
    with page.expect_navigation():
        link.click()
    problems = []
    if page.url != expected_url:
        problems.append(f"the {hreflang} link of the language switcher opens {page.url}, not {expected_url}")
    lang = page.evaluate("document.documentElement.lang")
    if lang != hreflang:
        problems.append(f'the page it opens has <html lang="{lang}">, not "{hreflang}"')
    return problems

"""Hostile text in every field is shown as text; Markdown keeps no script; fi/sv fallback never leaves a gap."""

from __future__ import annotations

import re

import lxml.html
import pytest

from ebiblio_portal.curation.markdown import SafeMarkdown

from ..common.staff import HOME, log_in_as, log_in_patron
from .conftest import add_list, add_page, add_tip, add_wish, csrf, post

M = f"/hallinta/kunta/{HOME}"
ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
]


def _safe(html):
    """Parsed as a browser would: no script, svg or iframe, no event handler attribute, no script URL."""
    tree = lxml.html.fromstring(html)
    if tree.xpath("//script | //svg | //iframe | //*[local-name()='svg']"):
        return False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "img" and "onerror" in element.attrib:
            return False
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                return False
            if name.lower() in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:")):
                return False
    return True


@pytest.mark.parametrize("attack", ATTACKS)
def test_pick_list_titles_and_texts(testapp, cast, books, dbsession, attack):
    add_list(dbsession, None, attack, books[:1], title_sv=attack, text_fi=attack, text_sv=attack)
    add_list(dbsession, HOME, attack, books[1:2], text_fi=attack)
    for path in ("/?lang=fi", "/?lang=sv", "/kunta/tampere", "/kommun/tammerfors?lang=sv"):
        page = testapp.get(path).text
        assert _safe(page), path
    log_in_as(testapp, cast, "librarian")
    assert _safe(testapp.get(f"{M}/nostot").text)


@pytest.mark.parametrize("attack", ATTACKS)
def test_book_tip_texts_and_author_names(testapp, cast, books, dbsession, attack):
    add_tip(dbsession, HOME, books[0], attack, text_sv=attack, author_name=attack)
    for path in (f"/teos/{books[0].id}", f"/teos/{books[0].id}?lang=sv", "/kunta/tampere"):
        assert _safe(testapp.get(path).text), path
    log_in_as(testapp, cast, "librarian")
    assert _safe(testapp.get(f"{M}/kirjavinkit").text)


@pytest.mark.parametrize("attack", ATTACKS + ["[klik](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "![x](x)"])
def test_content_page_titles_and_markdown_bodies(testapp, cast, dbsession, attack):
    add_page(dbsession, None, "ohje", revisions=(("fi", attack, attack), ("sv", attack, f"# {attack}\n\n{attack}")))
    add_page(dbsession, HOME, "ohje", revisions=(("fi", attack, f"* {attack}"),))
    for path in ("/sivu/ohje", "/sida/ohje?lang=sv", "/kunta/tampere/sivu/ohje", "/kunta/tampere", "/"):
        assert _safe(testapp.get(path).text), path
    log_in_as(testapp, cast, "national_admin")
    page = testapp.get("/hallinta/valtakunnallinen/sivut").text
    assert _safe(page)


@pytest.mark.parametrize("attack", ATTACKS)
def test_posted_staff_fields_are_stored_as_text_and_shown_as_text(testapp, cast, books, dbsession, attack):
    log_in_as(testapp, cast, "librarian")
    post(testapp, f"{M}/nostot/uusi", {"title_fi": attack, "text_fi": attack}, status=303)
    data = {"publication_id": books[0].id, "author_name": attack, "text_fi": attack, "text_sv": attack}
    post(testapp, f"{M}/kirjavinkit/uusi", data, status=303)
    page = {"slug": "x", "kind": "news", "title_fi": attack, "body_fi": attack, "publish": ""}
    post(testapp, f"{M}/sivut/uusi", page, status=303)
    for path in (f"{M}/nostot", f"{M}/kirjavinkit", f"{M}/sivut", "/kunta/tampere/sivu/x"):
        assert _safe(testapp.get(path).text), path
    # Refused forms show the typed values back, escaped.
    again = post(testapp, f"{M}/nostot/uusi", {"title_fi": attack, "visible_from": "x"}, status=400)
    assert _safe(again.text)


@pytest.mark.parametrize("attack", ATTACKS)
def test_wish_texts_and_answers(testapp, cast, dbsession, attack):
    wish = add_wish(dbsession, cast.patron, attack, kind="acquisition", title=attack, author=attack)
    log_in_as(testapp, cast, "librarian")
    assert _safe(testapp.get(f"{M}/toiveet").text)
    post(testapp, f"{M}/toiveet/{wish.id}", {"answer": attack}, status=303)
    log_in_patron(testapp, cast.patron)
    assert _safe(testapp.get("/tili/toiveet").text)
    token = csrf(testapp, "/tili/toiveet")
    sent = testapp.post("/tili/toiveet", {"csrf_token": token, "kind": "bogus", "title": attack}, status=400)
    assert sent.status_int == 400 and _safe(sent.text)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<div onclick='alert(1)'>x</div>",
        '"><svg onload=alert(1)>',
        "<iframe src='https://evil.example'></iframe>",
        '[x](https://ok.example "t" onmouseover=alert(1))',
    ],
)
def test_markdown_renders_no_active_content(text):
    html = str(SafeMarkdown().render(text))
    assert _safe(html)
    assert (
        "<iframe" not in html
        and "vbscript:" not in html.split("<p>")[0]
        and "data:text" not in re.findall(r'href="([^"]*)"', html)
    )


def test_markdown_keeps_ordinary_formatting():
    html = str(SafeMarkdown().render("# Aukiolo\n\n**Ma–pe** 9–20, [kartta](https://example.fi/kartta)\n\n- yksi"))
    assert "<h2>Aukiolo</h2>" in html and "<strong>Ma–pe</strong>" in html and "<li>yksi</li>" in html
    assert '<a href="https://example.fi/kartta" rel="noopener noreferrer nofollow">kartta</a>' in html


def test_pick_titles_and_texts_fall_back_to_the_other_language(testapp, cast, books, dbsession):
    add_list(dbsession, None, None, books[:1], title_sv="Sommarläsning", text_sv="Läs dessa.")
    add_list(dbsession, HOME, "Kesäluettavaa", books[1:2], text_fi="Lue nämä.")
    finnish = testapp.get("/?lang=fi").text
    assert '<span lang="sv">Sommarläsning</span>' in finnish and '<span lang="sv">Läs dessa.</span>' in finnish
    swedish = testapp.get("/kommun/tammerfors?lang=sv").text
    assert re.search(r'<h2 id="pick-\d+" lang="fi">Kesäluettavaa</h2>', swedish)
    assert '<p class="lane-text" lang="fi">Lue nämä.</p>' in swedish
    assert re.search(r'<h2 id="pick-\d+">Sommarläsning</h2>', swedish)
    english = testapp.get("/kunta/tampere?lang=en").text
    assert re.search(r'<h2 id="pick-\d+" lang="fi">Kesäluettavaa</h2>', english)


def test_tips_fall_back_to_the_other_language(testapp, cast, books, dbsession):
    add_tip(dbsession, HOME, books[0], None, text_sv="En bra bok.")
    finnish = testapp.get(f"/teos/{books[0].id}?lang=fi").text
    assert '<blockquote lang="sv"><p>En bra bok.</p></blockquote>' in finnish
    swedish = testapp.get(f"/teos/{books[0].id}?lang=sv").text
    assert "<blockquote><p>En bra bok.</p></blockquote>" in swedish

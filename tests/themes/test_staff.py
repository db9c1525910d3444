"""The staff section of a municipality's theme: who may use it, drafts, contrast, preview, publish, audit."""

import re

import pytest
from sqlalchemy import select

from ebiblio_portal.models import AuditEntry, Municipality, MunicipalityTheme

from ..common.staff import HOME, csrf, log_in_as

PAGE = f"/hallinta/kunta/{HOME}/teema"
ALLOWED = {"municipal_admin", "national_admin"}


def _allowed(response):
    return response.status_int in (200, 303) and "kirjaudu" not in (response.location or "")


def _save(testapp, theme="national", **fields):
    data = {"csrf_token": csrf(testapp), "action": "save", "theme": theme, "font": "system-ui", "logo": "", "hero": ""}
    data.update(fields)
    return testapp.post(PAGE + "?lang=en", data, expect_errors=True)


def _act(testapp, action):
    return testapp.post(PAGE, {"csrf_token": csrf(testapp), "action": action}, expect_errors=True)


def test_the_theme_page_by_role(testapp, as_who):
    page = testapp.get(PAGE + "?lang=en", expect_errors=True)
    assert _allowed(page) is (as_who in ALLOWED), (as_who, page.status)
    if as_who in ALLOWED:
        assert "Theme of Tampere" in page.text


def test_saving_a_draft_by_role(testapp, dbsession, as_who):
    response = _save(testapp, **{"color-primary": "#004466"})
    assert _allowed(response) is (as_who in ALLOWED), (as_who, response.status)
    row = dbsession.get(MunicipalityTheme, HOME)
    assert (row is not None) is (as_who in ALLOWED)


def test_publishing_and_the_draft_stylesheet_by_role(testapp, dbsession, cast, as_who):
    dbsession.add(MunicipalityTheme(municipality_code=HOME, revision=0, draft={"theme": "national", "tokens": {}}))
    dbsession.flush()
    css = testapp.get(PAGE + "/luonnos.css", expect_errors=True)
    assert _allowed(css) is (as_who in ALLOWED), (as_who, css.status)
    response = _act(testapp, "publish")
    assert _allowed(response) is (as_who in ALLOWED), (as_who, response.status)
    assert (dbsession.get(MunicipalityTheme, HOME).revision == 1) is (as_who in ALLOWED)


def test_the_section_is_listed_for_the_municipalitys_administrators_only(testapp, cast):
    log_in_as(testapp, cast, "librarian")
    assert PAGE not in testapp.get(f"/hallinta/kunta/{HOME}?lang=en").text
    testapp.reset()
    log_in_as(testapp, cast, "municipal_admin")
    assert PAGE in testapp.get(f"/hallinta/kunta/{HOME}?lang=en").text


@pytest.fixture
def admin(testapp, cast):
    log_in_as(testapp, cast, "municipal_admin")
    return testapp


def test_a_draft_is_saved_previewed_by_staff_only_and_published(admin, dbsession, cast):
    assert _save(admin, **{"color-primary": "#004466", "font": "Georgia"}).status_int == 303
    row = dbsession.get(MunicipalityTheme, HOME)
    assert row.draft["tokens"] == {"color-primary": "#004466"} and row.published is None
    draft_css = admin.get(PAGE + "/luonnos.css")
    assert "--color-primary: #004466;" in draft_css.text and "Georgia" in draft_css.text
    assert draft_css.headers["Cache-Control"] == "private, no-store"
    # The preview wears the draft; the public page does not.
    preview = admin.get("/kunta/tampere?esikatselu=1&lang=en")
    assert f'href="{PAGE}/luonnos.css"' in preview.text and "Preview of the unpublished theme" in preview.text
    assert preview.headers["Cache-Control"] == "private, no-store"
    assert 'href="/theme/national.css"' in admin.get("/kunta/tampere").text
    admin.reset()
    log_in_as(admin, cast, "other_admin")
    assert 'href="/theme/national.css"' in admin.get("/kunta/tampere?esikatselu=1").text
    admin.reset()
    log_in_as(admin, cast, "municipal_admin")
    assert _act(admin, "publish").status_int == 303
    (stylesheet,) = re.findall(r'href="(/theme/kunta/837/[0-9a-f]{12}\.css)"', admin.get("/kunta/tampere").text)
    css = admin.get(stylesheet)
    assert "--color-primary: #004466;" in css.text and "immutable" in css.headers["Cache-Control"]
    assert dbsession.get(Municipality, HOME).theme_name == "national"
    actions = dbsession.scalars(select(AuditEntry.action).where(AuditEntry.target == f"municipality:{HOME}")).all()
    assert actions == ["theme.save_draft", "theme.publish"]


def test_a_palette_failing_contrast_is_refused_naming_the_pair_in_the_users_language(admin, dbsession):
    response = _save(admin, **{"color-text": "#777777"})
    assert response.status_int == 400
    assert "text on background: #777777 on #ffffff has a contrast of 4.48:1; at least 4.5:1 is needed." in response.text
    assert dbsession.get(MunicipalityTheme, HOME) is None
    data = {"csrf_token": csrf(admin), "action": "save", "theme": "national", "font": "system-ui"}
    finnish = admin.post(PAGE + "?lang=fi", dict(data, **{"color-text": "#777777"}), status=400)
    expected = "teksti taustalla: värin #777777 kontrasti taustaa #ffffff vasten on 4,48:1; vähintään 4,5:1 tarvitaan."
    assert expected in finnish.text
    assert dbsession.scalars(select(AuditEntry).where(AuditEntry.action.startswith("theme."))).all() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("color-primary", "blue; }", "Give the colour as #rrggbb"),
        ("color-primary", "#12345", "Give the colour as #rrggbb"),
        ("font", "Comic Sans", "Choose one of the fonts."),
        ("logo", "/etc/passwd", "Choose one of the theme&#39;s logos, or none."),
        ("hero", "https://evil.example/x.svg", "Choose one of the theme&#39;s pictures, or none."),
        ("theme", "kauniainen", "Choose one of the themes."),  # another municipality's theme
        ("theme", "nonexistent", "Choose one of the themes."),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(admin, dbsession, field, value, message):
    response = _save(admin, **{field: value})
    assert response.status_int == 400 and message in response.text
    assert dbsession.get(MunicipalityTheme, HOME) is None


def test_short_hex_and_empty_fields_mean_what_they_say(admin, dbsession):
    assert _save(admin, **{"color-primary": "#036", "color-text": ""}).status_int == 303
    assert dbsession.get(MunicipalityTheme, HOME).draft["tokens"] == {"color-primary": "#003366"}


def test_the_draft_can_be_discarded(admin, dbsession):
    _save(admin, **{"color-primary": "#004466"})
    assert _act(admin, "discard").status_int == 303
    assert dbsession.get(MunicipalityTheme, HOME).draft is None
    assert "There is no unpublished draft." in admin.get(PAGE + "?lang=en").text


def test_a_theme_name_of_another_municipalitys_theme_starts_the_form_from_the_national_look(admin, dbsession):
    dbsession.get(Municipality, HOME).theme_name = "kauniainen"
    dbsession.flush()
    assert 'value="national" selected' in admin.get(PAGE + "?lang=en").text


def test_publishing_without_a_draft_says_so(admin):
    assert _act(admin, "publish").status_int == 303
    assert "There is no draft to publish." in admin.get(PAGE + "?lang=en").text


def test_a_municipality_chooses_its_own_theme_and_its_images(testapp, dbsession, cast):
    from ..common.staff import add_staff, join

    join(dbsession, "598")
    add_staff(dbsession, "jakobstad_admin", "municipal_admin", "598")
    log_in_as(testapp, cast, "jakobstad_admin")
    page = "/hallinta/kunta/598/teema"
    form = testapp.get(page + "?lang=en")
    assert 'value="jakobstad"' in form.text and 'value="kauniainen"' not in form.text
    # Its own theme is where it starts; switching to another starts from that theme's colours and images.
    assert 'value="jakobstad" selected' in form.text and 'value="#1d3a6e"' in form.text
    assert testapp.post(page, {"csrf_token": csrf(testapp), "action": "save", "theme": "national"}).status_int == 303
    assert dbsession.get(MunicipalityTheme, "598").draft == {
        "theme": "national",
        "tokens": {},
        "font": "system-ui",
        "logo": "",
        "hero": "",
    }
    assert "The theme is changed in the draft" in testapp.get(page + "?lang=en").text
    testapp.post(page, {"csrf_token": csrf(testapp), "action": "save", "theme": "jakobstad"}, status=303)
    assert dbsession.get(MunicipalityTheme, "598").draft["logo"] == "/theme-static/jakobstad/logo.svg"
    form = testapp.get(page + "?lang=en")
    assert "hero-sea.svg" in form.text
    data = {
        "csrf_token": csrf(testapp),
        "action": "save",
        "theme": "jakobstad",
        "font": "Atkinson Hyperlegible",
        "logo": "",
        "hero": "/theme-static/jakobstad/hero-sea.svg",
    }
    assert testapp.post(page, data).status_int == 303
    testapp.post(page, {"csrf_token": csrf(testapp), "action": "publish"}, status=303)
    home = testapp.get("/kunta/pietarsaari")
    (stylesheet,) = re.findall(r'href="(/theme/kunta/598/[0-9a-f]{12}\.css)"', home.text)
    css = testapp.get(stylesheet).text
    assert '--hero-image: url("/theme-static/jakobstad/hero-sea.svg");' in css and "#1d3a6e" in css
    assert 'class="logo"' not in home.text and "Pietarsaaren kaupunginkirjasto" in home.text

"""Staff views of a municipality's theme: the form, its draft stylesheet, saving, publishing."""

from __future__ import annotations

import re

from babel.numbers import format_decimal
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..admin import audit
from ..i18n import _
from ..i18n.formatting import locale_of
from ..models import MunicipalityTheme, utcnow
from ..security.policy import MANAGE_MUNICIPALITY
from .contrast import COLOUR_TOKENS, failures
from .looks import NONE, apply, colours_of, hero_choices, logo_choices, starting_choice
from .selection import PREVIEW_PARAMETER
from .services import ALLOWED_FONTS, ThemeRegistry, tokens_css

_COLOUR = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")

COLOUR_LABELS = {
    "color-background": _("Background"),
    "color-text": _("Text"),
    "color-primary": _("Primary colour: header and links"),
    "color-on-primary": _("Text on the primary colour"),
    "color-accent": _("Accent: buttons"),
    "color-muted": _("Muted text"),
    "color-surface": _("Surface: boxes and notices"),
    "color-focus": _("Focus ring"),
}


def _t(request, message):
    return request.localizer.translate(message)


def _row(request, municipality):
    return request.dbsession.get(MunicipalityTheme, municipality.code)


def _current_choice(registry, municipality, row):
    """The draft, else the published choice, else the theme the municipality wears now."""
    for choice in (row.draft, row.published) if row is not None else ():
        if apply(registry, municipality.code, choice) is not None:
            return choice
    theme = registry.for_municipality(municipality.code, municipality.theme_name)
    if theme.municipality_code not in (None, municipality.code):
        theme = registry.national()  # theme_name may name another municipality's theme, which staff cannot choose
    return starting_choice(theme)


def _form_values(registry, code, choice):
    theme = apply(registry, code, choice)
    return {
        "theme": theme.name,
        "colours": colours_of(theme),
        "font": choice.get("font") if choice.get("font") in ALLOWED_FONTS else "system-ui",
        "logo": theme.logo or NONE,
        "hero": theme.hero_image or NONE,
    }


def _context(request, municipality, row, values, errors=None, problems=()):
    registry = request.find_service(ThemeRegistry)
    base = registry.get(values["theme"])
    preview_route = "municipality_sv" if request.locale_name == "sv" else "municipality_fi"
    slug = municipality.slug_sv if request.locale_name == "sv" else municipality.slug_fi
    return {
        "municipality": municipality,
        "row": row,
        "values": values,
        "errors": errors or {},
        "problems": problems,
        "themes": registry.allowed_for(municipality.code),
        "base": base,
        "colour_tokens": COLOUR_TOKENS,
        "colour_labels": COLOUR_LABELS,
        "fonts": ALLOWED_FONTS,
        "logos": logo_choices(base),
        "heroes": hero_choices(base),
        "published_theme": apply(registry, municipality.code, row.published) if row is not None else None,
        "has_draft": row is not None and row.draft is not None and row.draft != row.published,
        "preview_url": request.route_path(preview_route, slug=slug, _query={PREVIEW_PARAMETER: "1"}),
    }


@view_config(
    route_name="admin_theme",
    renderer="themes/admin_theme.jinja2",
    request_method="GET",
    permission=MANAGE_MUNICIPALITY,
)
def theme_page(request):
    municipality = request.context.found()
    registry = request.find_service(ThemeRegistry)
    row = _row(request, municipality)
    values = _form_values(registry, municipality.code, _current_choice(registry, municipality, row))
    return _context(request, municipality, row, values)


@view_config(
    route_name="admin_theme",
    renderer="themes/admin_theme.jinja2",
    request_method="POST",
    permission=MANAGE_MUNICIPALITY,
)
def theme_action(request):
    municipality = request.context.found()
    action = request.POST.get("action")
    if action == "publish":
        return _publish(request, municipality)
    if action == "discard":
        return _discard(request, municipality)
    return _save(request, municipality)


def _save(request, municipality):
    registry = request.find_service(ThemeRegistry)
    row = _row(request, municipality)
    allowed = {theme.name: theme for theme in registry.allowed_for(municipality.code)}
    errors = {}
    name = request.POST.get("theme", "")
    if name not in allowed:
        # Nothing else can be checked against a theme that is not there.
        values = _form_values(registry, municipality.code, _current_choice(registry, municipality, row))
        errors["theme"] = _t(request, _("Choose one of the themes."))
        return _refuse(request, municipality, row, values, errors)
    base = allowed[name]
    before = _current_choice(registry, municipality, row)
    if name != before.get("theme"):
        # A new theme starts from its own colours and images; the staff adjust them on the next save.
        return _store_draft(request, municipality, row, starting_choice(base), changed_theme=True)
    theme_colours = colours_of(base)
    colours, overrides = {}, {}
    for token in COLOUR_TOKENS:
        value = (request.POST.get(token) or "").strip().lower()[:20]
        if not value:
            value = theme_colours[token]
        elif _COLOUR.match(value):
            value = _six_digits(value)
        else:
            errors[token] = _t(request, _("Give the colour as #rrggbb, for example #00507a."))
        colours[token] = value
        if token not in errors and value != theme_colours[token]:
            overrides[token] = value
    font = request.POST.get("font", "")
    if font not in ALLOWED_FONTS:
        errors["font"] = _t(request, _("Choose one of the fonts."))
    logo = request.POST.get("logo", NONE)
    if logo != NONE and logo not in logo_choices(base):
        errors["logo"] = _t(request, _("Choose one of the theme's logos, or none."))
    hero = request.POST.get("hero", NONE)
    if hero != NONE and hero not in hero_choices(base):
        errors["hero"] = _t(request, _("Choose one of the theme's pictures, or none."))
    values = {"theme": name, "colours": colours, "font": font, "logo": logo, "hero": hero}
    if errors:
        return _refuse(request, municipality, row, values, errors)
    problems = failures(colours)
    if problems:
        return _refuse(request, municipality, row, values, {}, [_problem(request, p) for p in problems])
    choice = {"theme": name, "tokens": overrides, "font": font, "logo": logo, "hero": hero}
    return _store_draft(request, municipality, row, choice)


def _six_digits(value):
    return "#" + "".join(d * 2 for d in value[1:]) if len(value) == 4 else value


def _problem(request, failure):
    """The failing pair in the user's language."""
    message = _(
        "${pair}: ${foreground} on ${background} has a contrast of ${ratio}:1; at least ${minimum}:1 is needed.",
        mapping={
            "pair": _t(request, failure.pair.label),
            "foreground": failure.foreground,
            "background": failure.background,
            "ratio": format_decimal(failure.shown_ratio(), format="0.00", locale=locale_of(request)),
            "minimum": format_decimal(failure.pair.minimum, locale=locale_of(request)),
        },
    )
    return _t(request, message)


def _refuse(request, municipality, row, values, errors, problems=()):
    request.response.status = 400
    return _context(request, municipality, row, values, errors, problems)


def _store_draft(request, municipality, row, choice, changed_theme=False):
    if row is None:
        row = MunicipalityTheme(municipality_code=municipality.code, revision=0)
        request.dbsession.add(row)
    row.draft = choice
    row.draft_saved_at = utcnow()
    row.draft_saved_by = request.staff.username
    audit.record(request, "theme.save_draft", f"municipality:{municipality.code}", **choice)
    if changed_theme:
        message = _("The theme is changed in the draft. Its own colours and pictures are in use; adjust them below.")
    else:
        message = _("The draft is saved. Preview it, then publish it when it is ready.")
    request.session.flash(_t(request, message))
    return HTTPSeeOther(request.route_path("admin_theme", code=municipality.code))


def _publish(request, municipality):
    registry = request.find_service(ThemeRegistry)
    row = _row(request, municipality)
    theme = apply(registry, municipality.code, row.draft) if row is not None else None
    if theme is None:
        request.session.flash(_t(request, _("There is no draft to publish.")))
        return HTTPSeeOther(request.route_path("admin_theme", code=municipality.code))
    problems = failures(colours_of(theme))
    if problems:
        # The theme itself may have changed since the draft was saved.
        values = _form_values(registry, municipality.code, row.draft)
        return _refuse(request, municipality, row, values, {}, [_problem(request, p) for p in problems])
    row.published = dict(row.draft)
    row.revision = (row.revision or 0) + 1
    row.published_at = utcnow()
    row.published_by = request.staff.username
    municipality.theme_name = theme.name
    audit.record(request, "theme.publish", f"municipality:{municipality.code}", revision=row.revision, **row.published)
    request.session.flash(_t(request, _("The theme is published: the municipality's pages wear it now.")))
    return HTTPSeeOther(request.route_path("admin_theme", code=municipality.code))


def _discard(request, municipality):
    row = _row(request, municipality)
    if row is not None and row.draft is not None:
        row.draft = row.published
        row.draft_saved_at = utcnow()
        row.draft_saved_by = request.staff.username
        audit.record(request, "theme.discard_draft", f"municipality:{municipality.code}")
        request.session.flash(_t(request, _("The draft is discarded.")))
    return HTTPSeeOther(request.route_path("admin_theme", code=municipality.code))


@view_config(route_name="admin_theme_draft_css", request_method="GET", permission=MANAGE_MUNICIPALITY)
def draft_css(request):
    municipality = request.context.found()
    registry = request.find_service(ThemeRegistry)
    row = _row(request, municipality)
    theme = apply(registry, municipality.code, row.draft) if row is not None else None
    if theme is None:
        raise HTTPNotFound()
    response = request.response
    response.content_type = "text/css"
    response.cache_control = "private, no-store"
    response.text = tokens_css(theme)
    return response

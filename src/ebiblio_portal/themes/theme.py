"""A theme described by plain data; theme plugins build theirs from it."""

import dataclasses

from zope.interface import implementer

from ..interfaces import ITheme


@implementer(ITheme)
@dataclasses.dataclass(frozen=True)
class Theme:
    name: str
    title: str
    municipality_code: str | None = None
    tokens: dict = dataclasses.field(default_factory=dict)
    fonts: tuple = ("system-ui", "sans-serif")
    logo: str | None = None
    hero_image: str | None = None
    static_dir: str | None = None
    template_dir: str | None = None
    # More images a municipality may choose instead of ``logo`` and ``hero_image`` (URL paths).
    logos: tuple = ()
    heroes: tuple = ()

    def logo_choices(self):
        return tuple(dict.fromkeys(path for path in (self.logo, *self.logos) if path))

    def hero_choices(self):
        return tuple(dict.fromkeys(path for path in (self.hero_image, *self.heroes) if path))

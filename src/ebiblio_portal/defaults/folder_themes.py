"""Themes kept as folders (``ebiblio.theme_folders``), contributed like any theme plugin's."""

from ..hookspecs import hookimpl
from ..themes.folders import load_folders
from ..values import Setting


@hookimpl
def register_settings():
    return [
        Setting(
            "ebiblio.theme_folders",
            "list",
            default=None,
            help="folders of themes, each with a theme.json (or folders holding such folders)",
        )
    ]


@hookimpl
def register_themes(settings):
    # A folder that cannot be loaded comes as a SkippedFolder, which the start-up lists and leaves out.
    skipped = []
    themes = load_folders(settings.get("ebiblio.theme_folders") or (), skipped)
    return themes + skipped

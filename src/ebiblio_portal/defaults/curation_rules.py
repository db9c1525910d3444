"""The curation settings (``ebiblio.curation.*``)."""

from ..hookspecs import hookimpl
from ..values import Setting


@hookimpl
def register_settings():
    return [
        Setting(
            "ebiblio.curation.wishes_per_day",
            "int",
            default=5,
            help="acquisition wishes and feedback messages a patron may send per day (Finnish calendar day)",
        ),
    ]

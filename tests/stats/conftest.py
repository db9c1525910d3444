from ..common.staff import as_who, cast  # noqa: F401

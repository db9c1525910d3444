"""The municipality registry and membership of the e-library."""


def includeme(config):
    config.add_route("municipality_fi", "/kunta/{slug}")
    config.add_route("municipality_sv", "/kommun/{slug}")
    config.scan(".views")

"""The staff area under /hallinta: one shell that each staff feature adds its sections to.

Roles are permissions of the security policy (``security.policy``): ``national``,
``manage_municipality`` and ``curate``. A municipality's views take their context from
``resources.MunicipalityScope`` (the ``{code}`` in the URL), so the policy checks the
role in that municipality; views that edit one record check it with ``resources.require``.
Every staff action is written to the audit log with ``audit.record``.
"""

from .resources import MunicipalityScope
from .sections import add_admin_section


def includeme(config):
    config.add_jinja2_search_path("ebiblio_portal.admin:templates", name=".jinja2")
    config.registry["admin.sections"] = {}
    config.add_directive("add_admin_section", add_admin_section)
    config.add_route("admin_home", "/hallinta")
    config.add_route("admin_choose_municipality", "/hallinta/kunta")
    config.add_route("admin_municipality", r"/hallinta/kunta/{code:\d{3}}", factory=MunicipalityScope)
    config.scan(".views")

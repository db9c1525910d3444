"""Fixtures for the accounts tests: the portal with the OpenID Connect plugin on its sandbox identity provider."""

from __future__ import annotations

import datetime as dt

import pytest
import transaction
import webtest

from ebiblio_portal.models import Municipality
from ebiblio_portal.municipalities.registry import load_municipalities

from ..conftest import core_plugins, make_app

oidc_plugin = pytest.importorskip("ebiblio_identity_oidc.plugin")

OPENING = dt.date(2024, 4, 23)
JOINED = ("091", "049", "837", "092", "564", "853")  # Helsinki, Espoo, Tampere, Vantaa, Oulu, Turku
NOT_JOINED = "638"  # Porvoo


@pytest.fixture
def accounts_app(app_settings):
    settings = {**app_settings, "ebiblio.identity.oidc.issuer": "sandbox"}
    return make_app(settings, core_plugins(oidc_plugin))


@pytest.fixture
def idp(accounts_app):
    """The sandbox identity provider the portal serves under /sandbox/idp/."""
    return accounts_app.registry["vendors.sandboxes"]["idp"].app


@pytest.fixture
def municipalities(dbsession):
    load_municipalities(dbsession)
    for code in JOINED:
        dbsession.get(Municipality, code).access_start = OPENING
    dbsession.flush()
    return {code: dbsession.get(Municipality, code) for code in (*JOINED, NOT_JOINED)}


@pytest.fixture
def portal(accounts_app, dbsession, municipalities):
    """WebTest on the portal, every request in the test's rolled-back session."""
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    manager.doom()
    yield webtest.TestApp(
        accounts_app,
        extra_environ={"HTTP_HOST": "localhost", "tm.active": True, "tm.manager": manager, "app.dbsession": dbsession},
    )
    manager.abort()

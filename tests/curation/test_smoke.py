from ..common.staff import log_in_as
from .conftest import post


def test_librarian_creates_a_pick_list(testapp, cast, books):
    log_in_as(testapp, cast, "librarian")
    page = testapp.get("/hallinta/kunta/837/nostot/uusi?lang=en")
    assert "New pick list" in page.text
    made = post(testapp, "/hallinta/kunta/837/nostot/uusi", {"title_fi": "Kesä", "text_fi": "Lukemista"}, status=303)
    edit = testapp.get(made.location + "?lang=en")
    assert "Kesä" in edit.text

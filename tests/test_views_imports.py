"""/admin/import: an admin uploads the export's CSV; errors come back by line and column."""

import io

from sqlmodel import select

from tests.web import csrf_token, login
from tracker.models import Experiment

URL = "/admin/import"


def upload(client, data: bytes):
    token = csrf_token(client, URL)
    return client.post(
        URL,
        data={"csrf_token": token, "file": (io.BytesIO(data), "experiences.csv")},
        content_type="multipart/form-data",
    )


def test_an_admin_imports_a_file_and_sees_the_count(client, session, world):
    login(client, world.admin_a.email)
    response = upload(client, b"title;territory\nCantine;\nGuichet;\n")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/experiments/")
    page = client.get("/experiments/").get_data(as_text=True)
    assert "Import terminé : 2 créées, 0 mises à jour." in page
    titles = session.exec(select(Experiment.title).order_by(Experiment.id)).all()
    assert titles == ["Cantine", "Guichet"]


def test_a_bad_file_is_reported_by_line_and_column_and_changes_nothing(client, session, world):
    login(client, world.admin_a.email)
    response = upload(client, b"title;planned_end\nA;2026-01-01\nB;fin 2026\n")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Rien n'a été importé" in html
    assert '<th scope="row">3</th>' in html and "planned_end" in html
    assert "Une date AAAA-MM-JJ est attendue." in html
    assert session.exec(select(Experiment)).all() == []


def test_a_file_over_the_limit_gets_a_clear_message(app, client, session, world):
    app.config["TRACKER"]["IMPORT_MAX_BYTES"] = 1000
    login(client, world.admin_a.email)
    response = upload(client, b"title\n" + b"x" * 200_000)
    assert response.status_code == 413
    assert "Le fichier dépasse 1000 octets : découpez-le." in response.get_data(as_text=True)
    assert session.exec(select(Experiment)).all() == []


def test_no_file_is_a_field_error(client, world):
    login(client, world.admin_a.email)
    token = csrf_token(client, URL)
    response = client.post(URL, data={"csrf_token": token})
    assert response.status_code == 422
    assert "Choisissez un fichier." in response.get_data(as_text=True)


def test_only_admins_reach_the_page(client, world):
    login(client, world.agent_a.email)
    assert client.get(URL).status_code == 403


def test_the_list_links_to_downloads_with_its_filters(client, session, world):
    login(client, world.agent_a.email)
    html = client.get("/experiments/?territory=Loz%C3%A8re").get_data(as_text=True)
    assert "/exports?what=experiments&amp;format=csv&amp;territory=Loz%C3%A8re" in html
    response = client.get("/exports?what=experiments&format=csv&territory=Loz%C3%A8re")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("\ufeffid;title;")


def test_the_lessons_library_links_to_its_download(client, world):
    login(client, world.agent_a.email)
    html = client.get("/lessons").get_data(as_text=True)
    assert "/exports?what=lessons&amp;format=csv" in html
    response = client.get("/exports?what=lessons&format=json")
    assert response.status_code == 200 and response.get_json() == []

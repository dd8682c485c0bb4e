"""``/healthz`` tells a load balancer the app and its database are up, without a login."""

from __future__ import annotations


def test_healthz_answers_200_json_without_login(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in {"sqlite", "postgresql"}


def test_healthz_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405

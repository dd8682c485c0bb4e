"""API login: username and password give a token; the token opens the API; nothing else does."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.world import PASSWORD


def test_the_right_password_gets_a_token_that_opens_the_api(world):
    client = APIClient()

    response = client.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/households/", {"search": "zw"}).json()["count"] == 1


def test_asking_twice_returns_the_same_token(world):
    client = APIClient()
    first = client.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD}).json()
    second = client.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD}).json()
    assert first == second


def test_a_wrong_password_gets_no_token(world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "assistant", "password": "wrong-password"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_deactivated_user_gets_no_token(world):
    world.assistant.is_active = False
    world.assistant.save()
    response = APIClient().post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD})
    assert response.status_code == 400


def test_the_api_refuses_a_request_without_a_token(world):
    response = APIClient().get("/api/v1/households/", {"search": "zw"})
    assert response.status_code == 401
    assert "A2-15-1503" not in response.content.decode()


def test_the_api_refuses_a_made_up_token(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/v1/households/").status_code == 401

"""The OpenAPI schema stays valid: generated with drf-spectacular's checks, no warnings allowed."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_the_openapi_schema_generates_and_validates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    text = out.read_text()
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/households/{id}/occupants/",
        "/api/v1/households/{id}/occupancies/{occupancy_id}/end/",
        "/api/v1/households/{id}/vehicles/{vehicle_id}/",
        "/api/v1/buildings/{id}/rooms/",
    ):
        assert path in text


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_docs_pages_answer(client, db, url):
    assert client.get(url).status_code == 200

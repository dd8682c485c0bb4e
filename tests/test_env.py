"""Settings readers fail fast: a bad value stops start-up with ImproperlyConfigured naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from yidang.env import env_bool, env_int, env_list, secret_from_env_or_file


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), (" yes ", True), ("off", False), ("", False)]
)
def test_booleans_are_read_in_their_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("YIDANG_TEST_FLAG", raw)
    assert env_bool("YIDANG_TEST_FLAG") is expected


def test_an_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("YIDANG_TEST_FLAG", raising=False)
    assert env_bool("YIDANG_TEST_FLAG", True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "ja"])
def test_a_bad_boolean_fails_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("YIDANG_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=r"YIDANG_TEST_FLAG must be a boolean .*" + raw):
        env_bool("YIDANG_TEST_FLAG")


def test_an_integer_is_read_and_an_empty_one_takes_its_default(monkeypatch):
    monkeypatch.setenv("YIDANG_TEST_INT", "42")
    assert env_int("YIDANG_TEST_INT", 7) == 42
    monkeypatch.setenv("YIDANG_TEST_INT", " ")
    assert env_int("YIDANG_TEST_INT", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "10MB"])
def test_a_bad_integer_fails_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("YIDANG_TEST_INT", raw)
    with pytest.raises(ImproperlyConfigured, match="YIDANG_TEST_INT must be an integer"):
        env_int("YIDANG_TEST_INT", 7)


def test_an_integer_below_its_minimum_fails_naming_the_variable(monkeypatch):
    monkeypatch.setenv("YIDANG_TEST_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="YIDANG_TEST_INT must be at least 1, got 0"):
        env_int("YIDANG_TEST_INT", 7, minimum=1)


def test_a_list_is_split_on_commas_without_blanks(monkeypatch):
    monkeypatch.setenv("YIDANG_TEST_LIST", " a.example, ,b.example ")
    assert env_list("YIDANG_TEST_LIST") == ["a.example", "b.example"]


def test_a_missing_secret_is_generated_once_into_a_private_file(monkeypatch, tmp_path):
    monkeypatch.delenv("YIDANG_TEST_SECRET", raising=False)
    path = tmp_path / "var" / "secret"

    first = secret_from_env_or_file("YIDANG_TEST_SECRET", path)
    second = secret_from_env_or_file("YIDANG_TEST_SECRET", path)

    assert first == second
    assert len(first) >= 40
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_secret_from_the_environment_wins_over_the_file(monkeypatch, tmp_path):
    path = tmp_path / "secret"
    path.write_text("from-file\n")
    monkeypatch.setenv("YIDANG_TEST_SECRET", "from-env")
    assert secret_from_env_or_file("YIDANG_TEST_SECRET", path) == "from-env"


@pytest.mark.parametrize(("name", "raw"), [("DEBUG", "maybe"), ("SESSION_IDLE_SECONDS", "half-an-hour")])
def test_the_server_refuses_to_start_with_a_bad_setting(tmp_path, name, raw):
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "yidang.settings", "YIDANG_VAR_DIR": str(tmp_path), name: raw}
    root = Path(__file__).resolve().parent.parent

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=root, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} must be" in result.stderr

import pytest
from django.core.management import call_command

SMALL = 400


@pytest.fixture
def media(settings, tmp_path):
    """A MEDIA_ROOT of the test's own: the seed stores its sample scans there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def seeded(db, settings, media):
    """A small demo seed with the demo users, as ``make run`` makes it (demo mode on)."""
    settings.YIDANG_DEMO = True
    call_command("seed_demo", households=SMALL, if_empty=True, verbosity=0)

import pytest
from django.core.management import call_command

SMALL = 400


@pytest.fixture
def seeded(db, settings):
    """A small demo seed with the demo users, as ``make run`` makes it (demo mode on)."""
    settings.YIDANG_DEMO = True
    call_command("seed_demo", households=SMALL, if_empty=True, verbosity=0)

"""Demo data: ``manage.py seed_demo`` and ``manage.py demo_logins``.

``SEED_VERSION`` is recorded in each seed's summary audit row; ``make bench`` reseeds a database
whose seed was made by another version of the generator (change it when the data changes shape).
"""

SEED_VERSION = 3  # 2: every occupied household has its file (archive); 3: files hold documents, scans, timeline

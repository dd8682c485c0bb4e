"""``make bench``: how fast Yidang finds a household, shows it and its file, and imports a household summary.

``python -m bench --households N [--ci] [--database-url URL]`` on PostgreSQL (``DATABASE_URL``):

1. makes or reuses the database ``<dbname>_bench_<N>`` (migrated, seeded once with
   ``seed_demo``'s generator, then ``VACUUM ANALYZE``);
2. serves the app with gunicorn (2 sync workers, DEBUG off, persistent connections) on a free
   port of 127.0.0.1;
3. times, from one sequential client, the search API (``/api/v1/households/?search=``, token auth)
   by room, 2-character name, pinyin initials and phone tail — as a CS assistant of one project
   and as one who works in every project — and the household page ``/households/<id>/``, 200
   varied values each taken from the data; beside each, the SQL of the same request replayed on a
   bare cursor;
4. checks with EXPLAIN that the searches use the ``searchtoken_lookup`` index;
5. times the archive page ``/archive/<id>/`` of files holding exactly 50 documents and 200
   timeline events (a different file per request while there are enough) and the completeness
   roll-up ``/archive/completeness/<code>/`` of the project nearest 5,000 households, as an
   archivist of every project;
6. imports a generated 100,000-row household summary into an empty project (rolled back after);
7. counts the rows of the main tables (``count(*)``) for the record.

It prints a table and writes it with the raw figures to ``bench-results/``. ``--ci`` is a small
run (20,000 households, 50 requests per kind, 5,000 import rows) that fails only when something is
broken — an error, a search that finds nothing for a value taken from the data, no thick file in
the data, an import that does not commit — never on timing. See docs/benchmarks.md for the figures and how they are measured.
"""

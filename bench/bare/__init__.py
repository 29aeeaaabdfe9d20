"""
The yardstick: a bare Django page, for the site's figures to be read against.

One view renders a template of about 20 KB of HTML (a page of 26 cards with a
title, a date, a summary and a link each) with no database, no installed apps,
no middleware and debug off: Django's request handling and its template engine,
nothing else. `bench/wrk.py` serves it with the same Python, the same gunicorn
and the same gunicorn settings as the site, in the same run, and divides the
site's requests a second by this page's. Run it alone with

    DJANGO_SETTINGS_MODULE=bench.bare.settings .venv/bin/gunicorn bench.bare.wsgi \
        --workers 2 --threads 4
"""

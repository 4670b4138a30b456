"""Settings: `common` holds what every environment shares, read from the
environment; `dev` (the default for manage.py), `prod` (gunicorn) and `test`
adjust it."""

import os

from django.core.wsgi import get_wsgi_application

# gunicorn serves production; manage.py (runserver) defaults to dev settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

application = get_wsgi_application()

"""WSGI entry point of the example site (gunicorn villeslumieres_demo.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "villeslumieres_demo.settings")

application = get_wsgi_application()

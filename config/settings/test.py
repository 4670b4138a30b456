import os

from .common import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
# A fast hasher: tests create many users and never need real password strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Jobs run at once, inside the request or call that enqueues them, so a test
# sees their outcome on the next line; tests of the real queue say otherwise
# (tests/test_import_jobs.py). The worker process that the end-to-end test
# starts (tests/e2e/test_import_worker.py) sets TEST_WORKER_PROCESS=1 and keeps
# the database queue and job progress on a connection of its own, as in production.
if not os.environ.get("TEST_WORKER_PROCESS"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A test's own transaction is rolled back at its end, so progress goes on that connection too.
    DATABASES.pop("progress", None)  # noqa: F405

# Every test request comes from 127.0.0.1 and the cache outlives a test: the
# API's throttles would start refusing other tests' calls. Their own tests set rates.
API_ANONYMOUS_RATE = None
API_KEY_RATE = None

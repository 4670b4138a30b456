from .common import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
# A fast hasher: tests create many users and never need real password strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

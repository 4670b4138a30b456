import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x9Qz" * 10,
    "ALLOWED_HOSTS": "plans.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": ""})

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_the_database_is_chosen_by_database_url():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": "postgres://u@db.example:5432/plans",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "plans"], result.stderr


def test_sqlite_is_the_default_database():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def setting_under(module: str, name: str, env: dict[str, str]) -> str:
    """The value of setting `name` when Django starts with settings `module`
    and `env`, with nothing of the same name inherited from this process."""
    inherited = {key: value for key, value in os.environ.items() if key not in {name, "SECRET_KEY", "ALLOWED_HOSTS"}}
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**inherited, **env, "DJANGO_SETTINGS_MODULE": module},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_asks_admins_for_a_second_factor():
    assert setting_under("config.settings.prod", "ADMIN_TWO_FACTOR_REQUIRED", PRODUCTION_ENV) == "True"


def test_development_lets_the_demo_admin_sign_in_with_a_password_alone():
    assert setting_under("config.settings.dev", "ADMIN_TWO_FACTOR_REQUIRED", {}) == "False"

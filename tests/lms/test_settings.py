"""Production settings: secrets only from the environment, and Django's deployment checks pass."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean_env, **env}, capture_output=True, text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DJANGO_SETTINGS_MODULE": "lms.settings.production"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def production_environment(tmp_path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "x7#k2!" * 10,
        "DJANGO_ALLOWED_HOSTS": "szkolenia.example.gov.pl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LMS_BASE_URL": "https://szkolenia.example.gov.pl",
        "BBB_URL": "https://bbb.example.gov.pl/",
        "BBB_SECRET": "a-shared-secret-of-the-bbb-server",
        "LMS_CERTIFICATE_SIGNING_KEY": settings.CERTIFICATE_SIGNING_KEY,
    }


def test_production_deploy_check_is_clean(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment(tmp_path))

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_public_address(tmp_path):
    environment = production_environment(tmp_path)
    del environment["LMS_BASE_URL"]

    result = run_manage("check", env=environment)

    assert result.returncode != 0
    assert "LMS_BASE_URL must be set" in result.stderr


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        ({"BBB_SECRET": ""}, "events.E002"),
        ({"BBB_URL": "", "BBB_SECRET": ""}, "events.E002"),
        ({"BBB_CHECKSUM_ALGORITHM": "sha-256"}, "events.E001"),
        ({"LMS_BASE_URL": "http://szkolenia.example.gov.pl"}, "lms.W001"),
    ],
)
def test_deploy_check_reports_a_missing_or_unusable_bigbluebutton_or_address_setting(tmp_path, change, reported):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={**production_environment(tmp_path), **change})

    assert result.returncode != 0
    assert reported in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_certificate_signing_key():
    result = run_manage("check", env={"DJANGO_SETTINGS_MODULE": "lms.settings.production",
                                      "DJANGO_SECRET_KEY": "x7#k2!" * 10})

    assert result.returncode != 0
    assert "LMS_CERTIFICATE_SIGNING_KEY" in result.stderr


def test_production_can_share_one_cache_between_app_servers(tmp_path):
    environment = {**production_environment(tmp_path), "LMS_CACHE_BACKEND": "django.core.cache.backends.db.DatabaseCache",
                   "LMS_CACHE_LOCATION": "lms_cache"}
    assert run_manage("migrate", "--noinput", env=environment).returncode == 0
    assert run_manage("createcachetable", env=environment).returncode == 0

    result = run_manage("shell", "-c", "from django.core.cache import cache; cache.set('k', 'shared'); "
                        "from django.db import connection; print(cache.get('k'), 'lms_cache' in "
                        "connection.introspection.table_names())", env=environment)

    assert result.stdout.splitlines()[-1] == "shared True", result.stdout + result.stderr


def test_production_reads_the_trusted_proxy_from_the_environment(tmp_path):
    show = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    environment = production_environment(tmp_path)

    behind_one_proxy = run_manage("shell", "--no-imports", "-c", show, env={**environment, "LMS_TRUSTED_PROXY_COUNT": "1"})
    with_a_header = run_manage("shell", "--no-imports", "-c", show, env={**environment, "LMS_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"})
    without = run_manage("shell", "--no-imports", "-c", show, env=environment)

    assert behind_one_proxy.stdout.split() == ["1", "None"], behind_one_proxy.stderr
    assert with_a_header.stdout.split() == ["0", "X-Real-IP"], with_a_header.stderr
    assert without.stdout.split() == ["0", "None"], without.stderr

"""A real task through the real broker to a real `celery worker` process (not eager mode).

Runs in the PostgreSQL + Redis round of .ci/run, where CELERY_BROKER_URL and CELERY_RESULT_BACKEND point at Redis.
"""

import os
import secrets
import subprocess
import sys
import uuid

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

from zhanpu.celery import app, ping

pytestmark = [
    pytest.mark.real_broker,
    pytest.mark.skipif(
        not (settings.CELERY_BROKER_URL.startswith("redis") and settings.CELERY_RESULT_BACKEND),
        reason="needs CELERY_BROKER_URL=redis://... and CELERY_RESULT_BACKEND (second round of .ci/run)",
    ),
]


@pytest.fixture
def worker_queue():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": secrets.token_urlsafe(32),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "celery", "-A", "zhanpu", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING"],
        cwd=settings.BASE_DIR, env=env,
    )
    yield queue
    proc.terminate()
    proc.wait(timeout=30)


def test_task_round_trip_through_redis_to_a_worker_process(worker_queue):
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        token = uuid.uuid4().hex
        result = ping.apply_async(args=[token], queue=worker_queue)
        assert result.get(timeout=60) == token
    finally:
        app.conf.task_always_eager = eager

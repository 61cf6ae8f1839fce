import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanpu.settings")

app = Celery("zhanpu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="zhanpu.ping")
def ping(value: str = "pong") -> str:
    """Round trip used by /healthz tooling and the real-broker test."""
    return value

"""The Celery application: mail, expiry and retention jobs.

Without ``REDIS_URL`` the settings make every task run eagerly in-process, so a
fresh ``make run`` needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leuvenhelpt.settings")

app = Celery("leuvenhelpt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Workers count task failures where the web process's /metrics reads them.
import leuvenhelpt.observability  # noqa: E402,F401 - connects the task_failure signal

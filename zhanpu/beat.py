"""Celery beat's scheduler: django-celery-beat's DatabaseScheduler, except that a restart keeps the schedules edited
in the admin.

The stock scheduler writes every CELERY_BEAT_SCHEDULE entry over its database row each time beat starts (its
ModelEntry.from_entry is an update_or_create), so a reminder interval the leadership changed, or a task it switched
off, came back as the settings have it after every deploy or reboot. Here the settings only give an entry its first
schedule: an entry already in the tables is the admin's.

Named by CELERY_BEAT_SCHEDULER in zhanpu/settings.py. A module of its own, not zhanpu/celery.py: django-celery-beat's
models can only be imported once Django is set up, and zhanpu/celery.py is imported before that (zhanpu/__init__.py).
"""

from django_celery_beat.schedulers import DatabaseScheduler


class KeepEditsDatabaseScheduler(DatabaseScheduler):
    """A DatabaseScheduler whose start-up sync creates the entries missing from the tables and leaves the others."""

    def update_from_dict(self, mapping):
        """Hand the stock sync only the entries that have no row yet (new in this release, or deleted in the admin
        to go back to the settings' schedule). The rows that exist are already in `self.schedule`, read from the
        tables as the admin left them (a disabled one is left out there, and stays out)."""
        stored = set(self.Model.objects.filter(name__in=list(mapping)).values_list("name", flat=True))
        super().update_from_dict({name: entry for name, entry in mapping.items() if name not in stored})

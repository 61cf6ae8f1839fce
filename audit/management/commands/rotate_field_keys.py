"""Re-encrypt every EncryptedTextField value with the first key of FIELD_ENCRYPTION_KEYS; with --rehash, instead
recompute the keyed hashes (children's ID numbers, callers' phone numbers) with the current FIELD_HASH_KEY.

Rotation (README "Rotating the encryption key"): put the new key first in FIELD_ENCRYPTION_KEYS, keep the old one
after it, restart, run this command, then remove the old key. Models are found by introspection, so every
EncryptedTextField of every app (and of its history table) is covered without listing them here.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from cases.models import Child
from hotline.models import HotlineCall
from zhanpu.crypto import EncryptedTextField, keyed_hash

BATCH = 500
# (model, encrypted field, the column holding its keyed hash): what --rehash recomputes.
HASHED = [(Child, "id_number", "id_number_hash"), (HotlineCall, "caller_phone", "caller_phone_hash")]


def encrypted_fields() -> list[tuple[type, list[str]]]:
    """(model, [encrypted field names]) for every concrete model that has one."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names and not model._meta.proxy:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS (--rehash: see below)."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true",
                            help="recompute the keyed hashes of ID and callers' phone numbers with the current "
                                 "FIELD_HASH_KEY (after changing it)")

    def handle(self, *args, rehash: bool = False, **options):
        if rehash:
            for model, field, hashed in HASHED:
                rows = self.rehash(model, field, hashed)
                self.stdout.write(f"{model._meta.label}: {hashed}: {rows} rows rehashed")
            return
        for model, names in encrypted_fields():
            rows = self.rotate(model, names)
            self.stdout.write(f"{model._meta.label}: {', '.join(names)}: {rows} rows re-encrypted")

    @staticmethod
    def rehash(model, field: str, hashed: str) -> int:
        """Recompute `hashed` from the decrypted `field` of every row that has one (stored normalised). Until this
        has run after a change of FIELD_HASH_KEY, look-ups by these numbers find nothing; history rows keep the hash
        made with the old key, which then links them to nothing."""
        manager = model._base_manager
        done, pending = 0, []
        with transaction.atomic():
            for obj in manager.exclude(**{field: ""}).only("pk", field).order_by("pk").iterator(chunk_size=BATCH):
                setattr(obj, hashed, keyed_hash(getattr(obj, field)))
                pending.append(obj)
                if len(pending) == BATCH:
                    manager.bulk_update(pending, [hashed])
                    done, pending = done + len(pending), []
            manager.bulk_update(pending, [hashed])
        return done + len(pending)

    @staticmethod
    def rotate(model, names: list[str]) -> int:
        """Reading decrypts with any listed key; writing back encrypts with the first. Bypasses save() and history."""
        manager = model._base_manager
        done = 0
        with transaction.atomic():
            batch = []
            for obj in manager.only("pk", *names).order_by("pk").iterator(chunk_size=BATCH):
                batch.append(obj)
                if len(batch) == BATCH:
                    manager.bulk_update(batch, names)
                    done, batch = done + len(batch), []
            if batch:
                manager.bulk_update(batch, names)
                done += len(batch)
        return done

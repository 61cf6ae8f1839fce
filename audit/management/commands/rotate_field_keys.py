"""Re-encrypt every EncryptedTextField value with the first key of FIELD_ENCRYPTION_KEYS; with --rehash, instead
recompute the keyed hashes of ID numbers with the current FIELD_HASH_KEY.

Rotation (README "Rotating the encryption key"): put the new key first in FIELD_ENCRYPTION_KEYS, keep the old one
after it, restart, run this command, then remove the old key. Models are found by introspection, so every
EncryptedTextField of every app (and of its history table) is covered without listing them here.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from cases.services.children import rehash_id_numbers
from zhanpu.crypto import EncryptedTextField

BATCH = 500


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
                            help="recompute the ID numbers' keyed hashes with the current FIELD_HASH_KEY "
                                 "(after changing it)")

    def handle(self, *args, rehash: bool = False, **options):
        if rehash:
            self.stdout.write(f"cases.Child: id_number_hash: {rehash_id_numbers()} rows rehashed")
            return
        for model, names in encrypted_fields():
            rows = self.rotate(model, names)
            self.stdout.write(f"{model._meta.label}: {', '.join(names)}: {rows} rows re-encrypted")

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

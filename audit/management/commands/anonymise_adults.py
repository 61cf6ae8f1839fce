"""List, and with --confirm anonymise, closed files of children who turned 18 more than N years ago."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.retention import adults_due_for_anonymisation, anonymise_children


class Command(BaseCommand):
    help = "List closed files of children who turned 18 more than --years years ago; --confirm anonymises them."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=settings.AUDIT_RETENTION_YEARS,
                            help="years after the 18th birthday (default: AUDIT_RETENTION_YEARS)")
        parser.add_argument("--confirm", action="store_true", help="anonymise the files listed")

    def handle(self, *args, years: int, confirm: bool, **options):
        if years < 0:
            raise CommandError("--years must be 0 or more")
        children = list(adults_due_for_anonymisation(years=years))
        for child in children:
            self.stdout.write(f"{child.pk}\t{child.village}\t{child.birth_date:%Y-%m-%d}\t{child.name}")
        if not confirm:
            self.stdout.write(f"{len(children)} files due. Run again with --confirm to anonymise them.")
            return
        done = anonymise_children(children=children)
        self.stdout.write(self.style.SUCCESS(f"{done} files anonymised."))

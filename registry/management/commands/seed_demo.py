from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry.demo import ACCOUNTS, DEMO_PASSWORD

# Each app that has demo data provides `<app>.demo.seed(context)`; they run in this order.
DEMO_APPS = ["registry", "cases", "visits", "hotline"]


class Command(BaseCommand):
    help = "Load fictional demo villages, children and accounts (password zhanpu-demo). Refuses when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates accounts with a known password.")
        call_command("load_zhanpu", verbosity=0)
        context: dict = {}
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                module.seed(context)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Accounts (password {DEMO_PASSWORD}):"))
        for username, real_name, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<11} {real_name}")

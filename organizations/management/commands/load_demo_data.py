from typing import Any

from django.core.management.base import BaseCommand

from organizations.demo import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations and users, and print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_data_load()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for user in users:
            self.stdout.write(f"  {user.username:<8} {user.role}")

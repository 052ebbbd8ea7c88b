from typing import Any

from django.core.management.base import BaseCommand

from assessments.demo import demo_assessments_load, demo_goal_load
from assessments.team_demo import demo_team_load
from lifecycle.demo import demo_orders_load
from organizations.demo import DEMO_PASSWORD, demo_data_load
from organizations.models import Membership


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations and users, and print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_data_load()
        marketers = Membership.objects.filter(
            role=Membership.Role.MARKETER, user__username__in=[u.username for u in users]
        ).select_related("organization", "user")
        for membership in marketers:
            demo_assessments_load(organization=membership.organization, user=membership.user)
            demo_orders_load(organization=membership.organization, user=membership.user)
            demo_goal_load(organization=membership.organization, user=membership.user)
        demo_team_load()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for user in users:
            self.stdout.write(f"  {user.username:<8} {user.role}")

"""`manage.py seed_demo [--password demo]`: the demo world of brief §8, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from workflow.demo.world import USERS, add_demo_campaign, build_demo_world


class Command(BaseCommand):
    help = "Create demo users for every role, expert groups, act types and a draft in every state."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo", help="password of every demo user (default: demo)")

    def handle(self, *args, password, **options):
        if get_user_model().objects.filter(username__in=USERS).exists():
            self.stdout.write("The demo world is already here; nothing to do.")
            return
        world = build_demo_world(password=password)
        add_demo_campaign(world)
        self.stdout.write(self.style.SUCCESS(f"Demo world created. Log in with password {password!r} as:"))
        for username in world.users:
            self.stdout.write(f"  {username}")
        for state, draft in world.drafts.items():
            self.stdout.write(f"  draft {draft.pk:>3} in {state}: {draft.title}")

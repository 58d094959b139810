"""`manage.py workflow_graph`: the state machine as a Mermaid diagram, drawn from the code."""

from django.core.management.base import BaseCommand

from workflow.graph import mermaid_diagram


class Command(BaseCommand):
    help = "Print the draft state machine as a Mermaid diagram (for README.md)."

    def handle(self, *args, **options):
        self.stdout.write(mermaid_diagram())

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.interchange import errors
from maturity.management.commands.import_questionnaire import read
from maturity.services import questionnaire_validate


class Command(BaseCommand):
    help = (
        "Check a questionnaire file (JSON, YAML or XLSX) and print every problem; writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        document, where = read(Path(options["file"]))
        problems = questionnaire_validate(document=document, where=where)
        for problem in problems:
            self.stdout.write(str(problem))
        found = len(errors(problems))
        warnings = len(problems) - found
        if found:
            raise CommandError(f"{found} error(s), {warnings} warning(s).")
        self.stdout.write(self.style.SUCCESS(f"No errors, {warnings} warning(s)."))

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.management.commands.import_questionnaire import read
from maturity.services import QuestionnaireInvalid, questionnaire_ship

# Question bank documents shipped in the fixture folders: <slug>-v<version>.yaml
SHIPPED_PATTERN = "*-v[0-9]*.yaml"


def shipped_documents() -> list[Path]:
    """The shipped question bank files, in name order (so version 2 before version 3)."""
    return sorted(
        path for folder in settings.FIXTURE_DIRS for path in Path(folder).glob(SHIPPED_PATTERN)
    )


class Command(BaseCommand):
    help = (
        "Import and publish each shipped question bank document (fixtures/*-vN.yaml) whose "
        "slug@version is not there yet; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="*", help="documents to load (default: the shipped ones)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(name) for name in options["files"]] or shipped_documents()
        for path in paths:
            document, where = read(path)
            try:
                questionnaire, loaded = questionnaire_ship(document=document, where=where)
            except QuestionnaireInvalid as exc:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    f"{path}: {len(exc.problems)} error(s); nothing was loaded."
                ) from exc
            if loaded:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path.name}: published {questionnaire.label} "
                        f"({questionnaire.questions.count()} questions)."
                    )
                )
            else:
                self.stdout.write(
                    f"{path.name}: {questionnaire.label} is there already "
                    f"({questionnaire.get_status_display()}); left as it is."
                )

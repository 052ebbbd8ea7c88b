from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.interchange import DocumentError
from maturity.services import (
    QuestionnaireInvalid,
    questionnaire_file_read,
    questionnaire_import,
    questionnaire_validate,
)
from maturity.spreadsheet import WorkbookError


def read(path: Path) -> tuple[Any, dict[str, str]]:
    """The document in a JSON, YAML or XLSX file, or a CommandError naming what is wrong."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        return questionnaire_file_read(data=path.read_bytes(), filename=path.name)
    except WorkbookError as exc:
        raise CommandError(f"{path}:\n{exc}") from exc
    except DocumentError as exc:
        raise CommandError(f"{path}: {exc}") from exc


class Command(BaseCommand):
    help = "Import a questionnaire file (JSON, YAML or XLSX) as a new draft version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        document, where = read(path)
        for problem in questionnaire_validate(document=document, where=where):
            if not problem.is_error:
                self.stderr.write(str(problem))
        try:
            questionnaire = questionnaire_import(document=document, where=where)
        except QuestionnaireInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{options['file']}: {len(exc.problems)} error(s); nothing was imported."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {questionnaire.label} as a draft "
                f"({questionnaire.questions.count()} questions)."
            )
        )

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.interchange import DocumentError, errors, read_document, validate
from maturity.services import QuestionnaireInvalid, questionnaire_import


class Command(BaseCommand):
    help = "Import a questionnaire document (JSON or YAML) as a new draft version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = read_document(options["file"])
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        problems = validate(document)
        for problem in problems:
            if not problem.is_error:
                self.stderr.write(str(problem))
        try:
            questionnaire = questionnaire_import(document=document)
        except QuestionnaireInvalid as exc:
            for problem in errors(exc.problems):
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

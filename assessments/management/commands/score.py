import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.services import AnswersInvalid, answers_document_score
from maturity.interchange import DocumentError, read_document
from maturity.services import QuestionnaireNotFound


class Command(BaseCommand):
    help = "Score an answers document (SPEC.md section 4) and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("answers", help="answers document (JSON or YAML)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = read_document(options["answers"])
            result = answers_document_score(document=document)
        except (DocumentError, AnswersInvalid, QuestionnaireNotFound) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

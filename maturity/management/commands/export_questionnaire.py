from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.models import DEFAULT_SLUG
from maturity.services import QuestionnaireNotFound, questionnaire_file_export, questionnaire_get


class Command(BaseCommand):
    help = "Write a questionnaire version as JSON or YAML (SPEC.md section 4)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # `--version N` picks the questionnaire version, in place of Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", default=DEFAULT_SLUG)
        parser.add_argument(
            "--version",
            dest="number",
            type=int,
            help="version number (default: the latest published one)",
        )
        parser.add_argument("--format", choices=["json", "yaml", "xlsx"], default=None)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        output = options["output"]
        if fmt is None:
            suffix = Path(output).suffix.lower() if output else ""
            fmt = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}.get(suffix, "json")
        if fmt == "xlsx" and not output:
            raise CommandError("An XLSX export needs a file: add -o FILE.xlsx.")
        try:
            questionnaire = questionnaire_get(slug=options["slug"], version=options["number"])
        except QuestionnaireNotFound as exc:
            raise CommandError(str(exc)) from exc
        data = questionnaire_file_export(questionnaire=questionnaire, fmt=fmt)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {questionnaire.label} to {output}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

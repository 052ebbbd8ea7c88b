"""Team assessments, the pure rules: when respondents disagree, what the consolidation view
suggests, and how confident an element's result is. Plain data in and out, no Django.

A respondent's answer to a question is given as its *level*: the position of the chosen
option among the question's levels in option order, not applicable left out (so "none" = 0,
"partial" = 1, "full" = 2 with the usual options), `NOT_APPLICABLE` for not applicable, and
nothing at all for a question the respondent left open.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

NOT_APPLICABLE: Final = -1
# Answers this many levels apart (or more) disagree.
DISAGREEMENT_GAP: Final = 2

Level = Literal["high", "medium", "low"]


def levels(option_keys: Sequence[str], not_applicable: Sequence[bool]) -> dict[str, int]:
    """Option key -> level: the rank among the options with a value, in option order;
    `NOT_APPLICABLE` for not applicable."""
    ranks: dict[str, int] = {}
    rank = 0
    for key, is_na in zip(option_keys, not_applicable, strict=True):
        if is_na:
            ranks[key] = NOT_APPLICABLE
        else:
            ranks[key] = rank
            rank += 1
    return ranks


def disagree(answers: Sequence[int]) -> bool:
    """Whether respondents' answers to one question disagree: two answers two or more levels
    apart, or one respondent saying not applicable where another does not."""
    said_na = any(answer == NOT_APPLICABLE for answer in answers)
    values = [answer for answer in answers if answer != NOT_APPLICABLE]
    if said_na and values:
        return True
    return bool(values) and max(values) - min(values) >= DISAGREEMENT_GAP


def suggestion(answers: Sequence[str]) -> str | None:
    """The option every respondent who answered chose, else None (the owner decides)."""
    chosen = set(answers)
    return next(iter(chosen)) if len(chosen) == 1 else None


@dataclass(frozen=True)
class Confidence:
    """How far an element's consolidated result can be trusted.

    - `respondents`: how many respondents answered questions of the element;
    - `disagreements`: questions of the element on which they disagree (`disagree`);
    - `evidenced` of `answered`: questions with a consolidated answer other than not
      applicable that carry evidence (a link or a file from anyone), out of all such.

    The level, in plain words:

    - **high**: at least two respondents, no disagreement, and evidence on at least two
      thirds of the answers;
    - **low**: disagreement on more than a third of the questions, or a single respondent
      with evidence on less than a third of the answers;
    - **medium**: everything in between.
    """

    respondents: int
    questions: int
    disagreements: int
    answered: int
    evidenced: int

    @property
    def level(self) -> Level:
        evidence_share = self.evidenced / self.answered if self.answered else 0.0
        if self.questions and self.disagreements * 3 > self.questions:
            return "low"
        if self.respondents <= 1 and evidence_share * 3 < 1:
            return "low"
        if self.respondents >= 2 and self.disagreements == 0 and evidence_share * 3 >= 2:
            return "high"
        return "medium"


def confidence(
    *,
    respondents: int,
    answers_per_question: Sequence[Sequence[int]],
    consolidated: Sequence[int | None],
    evidenced: Sequence[bool],
) -> Confidence:
    """The confidence of one element from, per question (same order in every sequence): the
    respondents' levels, the consolidated level (None: unanswered) and whether it carries
    evidence."""
    answered = [level is not None and level != NOT_APPLICABLE for level in consolidated]
    return Confidence(
        respondents=respondents,
        questions=len(answers_per_question),
        disagreements=sum(1 for answers in answers_per_question if disagree(answers)),
        answered=sum(answered),
        evidenced=sum(
            1 for is_answered, has in zip(answered, evidenced, strict=True) if is_answered and has
        ),
    )

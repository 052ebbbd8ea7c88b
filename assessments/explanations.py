"""Plain-language reasons for a scope's stage, from a result document."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def explain(
    scope: Mapping[str, Any], threshold: float, stage_titles: Mapping[str, str]
) -> list[str]:
    """Which stages are achieved, which is skipped, which one blocks and by how much.

    Stages are read in the order of `stage_titles`: a stored result's keys may come back
    from the database in any order (PostgreSQL's jsonb sorts them).
    """
    sentences: list[str] = []
    stored: Mapping[str, float | None] = scope["attainment"]
    attainment = {key: stored.get(key) for key in stage_titles}
    blocking = scope.get("next_stage")
    for key, value in attainment.items():
        title = stage_titles.get(key, key)
        if value is None:
            sentences.append(
                _("%(stage)s is skipped: none of its questions apply.") % {"stage": title}
            )
        elif key == blocking:
            sentences.append(
                _(
                    "%(stage)s is not yet achieved: %(value)s of the %(needed)s needed, "
                    "%(gap)s points short."
                )
                % {
                    "stage": title,
                    "value": percent(value),
                    "needed": percent(threshold),
                    "gap": round(100 * (threshold - value)),
                }
            )
            later = [
                stage_titles.get(k, k) for k in list(attainment)[list(attainment).index(key) + 1 :]
            ]
            if later:
                sentences.append(
                    _("It blocks every later stage (%(stages)s) until it is reached.")
                    % {"stages": ", ".join(later)}
                )
            break
        else:
            sentences.append(
                _("%(stage)s is achieved (%(value)s).") % {"stage": title, "value": percent(value)}
            )
    if blocking is None and any(v is not None for v in attainment.values()):
        sentences.append(_("Every stage that applies is achieved."))
    return sentences

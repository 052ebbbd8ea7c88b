"""Plain-language reasons for a scope's stage, from a result document."""

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.roadmap import Item
from assessments.scoring import TOLERANCE


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def headline(
    scope: Mapping[str, Any],
    threshold: float,
    stage_titles: Mapping[str, str],
    *,
    blocking_gates: Sequence[str] = (),
    held_by: Sequence[str] = (),
) -> str:
    """One sentence with the stage reached and what stands before the next one.

    "Crawl — not yet reached: 67% of the 70% needed" or "Walk reached; Run 45% of 70%",
    then "; blocked by: <question> (must be fully in place)" for the failed gates of the
    stage that blocks (`blocking_gates`, question texts). `held_by` names the weakest
    elements when the overall stage is capped by them.
    """
    keys = list(stage_titles)
    stage = scope["stage"]
    following = scope.get("next_stage")
    title = stage_titles.get(stage, stage)
    if held_by and keys.index(stage) + 1 < len(keys):
        sentence = _(
            "%(stage)s reached; %(next)s needs every element at %(stage)s first "
            "(not yet: %(elements)s)"
        ) % {
            "stage": title,
            "next": stage_titles[keys[keys.index(stage) + 1]],
            "elements": ", ".join(held_by),
        }
    elif following is None or scope.get("progress") is None:
        sentence = _("%(stage)s reached") % {"stage": title}
    elif following == stage:
        sentence = _("%(stage)s — not yet reached: %(value)s of the %(needed)s needed") % {
            "stage": title,
            "value": percent(scope["progress"]),
            "needed": percent(threshold),
        }
    else:
        sentence = _("%(stage)s reached; %(next)s %(value)s of %(needed)s") % {
            "stage": title,
            "next": stage_titles.get(following, following),
            "value": percent(scope["progress"]),
            "needed": percent(threshold),
        }
    if blocking_gates and not held_by:
        gates = ", ".join(
            _("%(question)s (must be fully in place)") % {"question": question}
            for question in blocking_gates
        )
        sentence = _("%(headline)s; blocked by: %(gates)s") % {
            "headline": sentence,
            "gates": gates,
        }
    return sentence


def explain(
    scope: Mapping[str, Any],
    threshold: float,
    stage_titles: Mapping[str, str],
    gate_stages: Collection[str] = (),
) -> list[str]:
    """Which stages are achieved, which is skipped, which one blocks and by how much.

    Stages are read in the order of `stage_titles`: a stored result's keys may come back
    from the database in any order (PostgreSQL's jsonb sorts them). `gate_stages` are the
    stages of this scope with a gate below "fully", which are not achieved whatever their
    attainment.
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
            if key in gate_stages and value >= threshold - TOLERANCE:
                sentences.append(
                    _(
                        "%(stage)s is not yet achieved: %(value)s is above the %(needed)s "
                        "needed, but a must-have is not fully in place."
                    )
                    % {"stage": title, "value": percent(value), "needed": percent(threshold)}
                )
            else:
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


def item_reasons(
    item: Item,
    *,
    stage_titles: Mapping[str, str],
    question_texts: Mapping[str, str],
    lifecycle_titles: Mapping[str, str],
    drop_off: str | None,
) -> list[str]:
    """Why a roadmap item is where it is, in plain words, in the order the roadmap weighs
    them: "Crawl gap: not in place yet", "Serves Retention, your drop-off stage", "Needed
    before: …", "… it waits for …" (SPEC.md 2.2's order, said rather than scored)."""

    def named(keys: Sequence[str]) -> str:
        return "; ".join(question_texts.get(key, key) for key in keys)

    stage = stage_titles.get(item.stage, item.stage)
    if item.value > 0:
        state = _("partly in place (%(value)s)") % {"value": percent(item.value)}
    else:
        state = _("not in place yet")
    reasons = [_("%(stage)s gap: %(state)s") % {"stage": stage, "state": state}]
    if item.serves_drop_off and drop_off:
        reasons.append(
            _("Serves %(stage)s, your drop-off stage")
            % {"stage": lifecycle_titles.get(drop_off, drop_off)}
        )
    if item.prerequisite_only:
        reasons.append(_("Beyond your target, but needed first"))
    if item.needed_by:
        reasons.append(_("Needed before: %(items)s") % {"items": named(item.needed_by)})
    if item.waits_for:
        reasons.append(
            _("Later than its stage alone would put it: it waits for %(items)s")
            % {"items": named(item.waits_for)}
        )
    elif item.needs:
        reasons.append(_("After: %(items)s") % {"items": named(item.needs)})
    return reasons


def effort_text(items: int, weeks: int) -> str:
    """ "2 items · 7 weeks", with each language's plurals."""
    return _("%(items)s · %(weeks)s") % {
        "items": ngettext("%(n)s item", "%(n)s items", items) % {"n": items},
        "weeks": ngettext("%(n)s week", "%(n)s weeks", weeks) % {"n": weeks},
    }

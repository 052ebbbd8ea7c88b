"""The consultant pages' long lists, written in one pass: the compare table's cells, the
picker and its filter options, the portfolio's clients and the clients page's rows.

Fifty columns of seven rows are 400 cells, and the picker lists up to 70 assessments: as
template nodes (ifs, badges, filters, includes) they cost several times the rest of the
page, so they are joined here. Every value is escaped (`html.escape`) before it is joined.
"""

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from workspace.pages import short_date

register = template.Library()


def _badge(stage: str | None, title: str) -> str:
    if not stage:
        return ""
    return f' <span class="badge stage-badge stage-{escape(stage)}">{escape(title)}</span>'


def _cell(cell: dict[str, Any], crossed_text: str) -> str:
    change = ""
    if cell["change_text"]:
        crossed = f" · {crossed_text}" if cell["crossed"] else ""
        change = (
            f'<div class="small change {cell["change_css"]}">'
            f"{escape(cell['change_text'])}{crossed}</div>"
        )
    css = " table-warning crossed" if cell["crossed"] else ""
    return (
        f'<td class="text-end{css}"><span class="fw-semibold">{escape(cell["score_text"])}'
        f"</span>{_badge(cell['stage'], cell['stage_title'])}{change}</td>"
    )


@register.simple_tag
def score_cells(cells: list[dict[str, Any]], crossed_text: str) -> SafeString:
    """One `<td>` per assessment: score, stage badge, change against the first."""
    crossed = escape(str(crossed_text))
    return mark_safe("".join(_cell(cell, crossed) for cell in cells))  # escaped above


@register.simple_tag
def pick_items(picks: Iterable[Any], stages: dict[str, str]) -> SafeString:
    """One checkbox per assessment of the picker, ticked when chosen."""
    items = []
    for pick in picks:
        checked = " checked" if pick.checked else ""
        stage = f" ·{_badge(pick.stage, stages.get(pick.stage, pick.stage))}" if pick.stage else ""
        items.append(
            f'<li class="col"><label class="form-check">'
            f'<input class="form-check-input" type="checkbox" name="a" value="{int(pick.pk)}"'
            f'{checked}> <span class="form-check-label">{escape(pick.organization)} · '
            f"{escape(pick.submitted_text)}{stage} {escape(pick.score_text)}</span></label></li>"
        )
    return mark_safe("".join(items))  # every value escaped above


@register.simple_tag
def select_options(choices: Iterable[tuple[Any, Any]], selected: str) -> SafeString:
    """`<option>`s of a filter, the selected one marked: a consultant's hundreds of clients
    in one pass, so that the page does not grow with them."""
    chosen = str(selected or "")
    items = []
    for value, name in choices:
        mark = " selected" if str(value) == chosen else ""
        items.append(f'<option value="{escape(str(value))}"{mark}>{escape(str(name))}</option>')
    return mark_safe("".join(items))  # every value escaped above


@register.simple_tag
def portfolio_rows(clients: Iterable[Any], stages: dict[str, str]) -> SafeString:
    """One row per client of the portfolio: name (to its progress), date, stage, score."""
    # One reverse() for all rows: a slug is URL-safe as it is, so it replaces a placeholder.
    pattern = reverse("workspace:progress", kwargs={"slug": "slug-placeholder"})
    separator = str(get_format("DECIMAL_SEPARATOR"))
    rows = []
    for client in clients:
        url = pattern.replace("slug-placeholder", client.slug)
        score = "—" if client.score is None else f"{client.score:.1f}".replace(".", separator)
        rows.append(
            f'<tr data-client="{escape(client.slug)}"><th scope="row">'
            f'<a href="{escape(url)}">{escape(client.name)}</a></th>'
            f"<td>{escape(short_date(client.submitted))}</td>"
            f"<td>{_badge(client.stage, stages.get(client.stage, client.stage)).strip()}</td>"
            f'<td class="text-end">{escape(score)}</td></tr>'
        )
    return mark_safe("".join(rows))  # every value escaped above


@register.simple_tag
def client_rows(rows: Iterable[Any], stages: dict[str, str]) -> SafeString:
    """One row per client of the clients page: latest stage and score, the change since
    the previous result, drafts, last activity, and the links to progress and invitations."""
    progress = reverse("workspace:progress", kwargs={"slug": "slug-placeholder"})
    invite = reverse("organizations:invite", kwargs={"slug": "slug-placeholder"})
    separator = str(get_format("DECIMAL_SEPARATOR"))
    progress_text, invite_text = escape(gettext("Progress")), escape(gettext("Invite"))

    def number(value: float) -> str:
        return f"{value:.1f}".replace(".", separator)

    items = []
    for row in rows:
        slug = escape(row.slug)
        stage = _badge(row.stage, stages.get(row.stage, row.stage)).strip() if row.stage else "—"
        score = "—" if row.score is None else number(row.score)
        change = row.change
        if change is None:
            changed = "—"
        elif change > 0:
            changed = f'<span class="text-success">+{number(change)}</span>'
        elif change < 0:
            changed = f'<span class="text-danger">{number(change)}</span>'
        else:
            changed = "0"
        pending = ""
        if row.pending_invitations:
            count = row.pending_invitations
            label = ngettext("%(counter)s pending", "%(counter)s pending", count) % {
                "counter": count
            }
            pending = (
                f' <span class="badge text-bg-secondary pending-invitations">{escape(label)}</span>'
            )
        to_progress = progress.replace("slug-placeholder", row.slug)
        to_invite = invite.replace("slug-placeholder", row.slug)
        items.append(
            f'<tr data-client="{slug}"><td class="fw-semibold">{escape(row.name)}</td>'
            f'<td>{stage}</td><td class="text-end">{score}</td>'
            f'<td class="text-end">{changed}</td>'
            f'<td class="text-end d-none d-md-table-cell">{int(row.drafts)}</td>'
            f'<td class="d-none d-md-table-cell">{escape(short_date(row.last_date)) or "—"}</td>'
            f'<td class="text-end text-nowrap">'
            f'<a class="btn btn-sm btn-outline-secondary" href="{escape(to_progress)}">'
            f"{progress_text}</a> "
            f'<a class="btn btn-sm btn-outline-secondary" href="{escape(to_invite)}">'
            f"{invite_text}{pending}</a></td></tr>"
        )
    return mark_safe("".join(items))  # every value escaped above

"""Long lists of the workflow pages, rendered in one pass: the rows of "Minhas tarefas" and of
the service's agenda (workflow/_due_rows.html) and the supervision page's caseload per
professional. A month of a large service's agenda holds hundreds of rows, each with its own
form, and a service hundreds of professionals: the same HTML the template language took ten
times as long to write."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..tasks import pk_link

register = template.Library()

ROW = '<li><a href="{}"><strong>{}</strong></a> <span class="muted">· {} · {}{}</span>\n{}</li>\n'
DONE = (
    '<form method="post" action="{}" class="inline">{}<input type="hidden" name="next" '
    'value="{}"><button class="btn btn-small btn-ghost" type="submit">{}<span '
    'class="visually-hidden"> {} {}</span></button></form>'
)


@register.simple_tag(takes_context=True)
def due_rows(context, rows, target, show_who, empty):
    if not rows:
        return format_html('<ul class="plain due-list"><li class="muted">{}</li></ul>', empty)
    csrf = CsrfTokenNode().render(context)
    done_label = _("Feita")
    done_link = pk_link("workflow:task_done")

    def cells(row):
        day = row.due_date.strftime("%d/%m/%Y")
        who = format_html(" · {}", row.who) if show_who else ""
        done = ""
        if row.task:
            done = format_html(
                DONE, done_link(row.task.pk), csrf, target, done_label, row.label, day
            )
        return (row.link, row.label, day, row.case, who, done)

    return format_html(
        '<ul class="plain due-list">{}</ul>', format_html_join("", ROW, (cells(r) for r in rows))
    )


CASELOAD_ROW = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n"


@register.simple_tag
def caseload_rows(rows):
    def badge(n):
        return format_html('<span class="badge badge-suspended">{}</span>', localize(n)) if n else 0

    return format_html_join(
        "",
        CASELOAD_ROW,
        (
            (
                row["membership"].user.display_name,
                row["role"],
                localize(row["responsible"]),
                localize(row["others"]),
                badge(row["overdue_tasks"]),
                badge(row["overdue"]),
            )
            for row in rows
        ),
    )

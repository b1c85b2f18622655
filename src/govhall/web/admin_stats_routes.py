"""Service statistics (服务统计) in the back office: admins, analysts and department heads.

A department head sees their own department only, whatever the query says. The charts are ECharts
drawn by ``static/stats.js`` from JSON blocks (the CSP allows no inline script); every chart has a
table beside it with drill-down links to the cases, and a CSV export. The queries are govhall.stats.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from govhall.accounts import Area, User, department_scope
from govhall.api.deps import SessionDep
from govhall.errors import FormInvalid
from govhall.localtime import local_today
from govhall.stats import queries, report
from govhall.stats.queries import Scope
from govhall.web.actions import DayQuery
from govhall.web.admin_routes import admin_ctx, area_page
from govhall.web.downloads import csv_download
from govhall.web.pages import render

router = APIRouter(include_in_schema=False)

StatsPage = Annotated[User, Depends(area_page(Area.STATS))]
GrainQuery = Annotated[str, Query(max_length=8)]


@dataclass(frozen=True)
class _Period:
    """The period as typed in the query string (days and grain), shared by the page, its
    drill-down and its CSV export; kept raw so that the page can show a bad one back."""

    start: DayQuery = ""
    end: DayQuery = ""
    grain: GrainQuery = ""

    def scope(self, user: User) -> Scope:
        """The period as a query scope: a department head's is their own department whatever is asked."""
        return queries.make_scope(self.start, self.end, self.grain, department_scope(user), local_today())


Period = Annotated[_Period, Depends()]


@dataclass(frozen=True)
class _DrillDown(queries.CaseFilter):
    """The drill-down's filter as its link carries it, each field within its limit."""

    item_code: Annotated[str, Query(max_length=64)] = ""
    department: Annotated[str, Query(max_length=64)] = ""
    bucket: Annotated[str, Query(max_length=10)] = ""
    watch: Annotated[str, Query(pattern="^(|overdue|near)$")] = ""


DrillDown = Annotated[_DrillDown, Depends()]


def _query(scope: Scope) -> str:
    return urlencode({"start": scope.start.isoformat(), "end": scope.end.isoformat(), "grain": scope.grain})


@router.get("/admin/stats", response_class=HTMLResponse)
def stats_page(
    request: Request,
    db: SessionDep,
    user: StatsPage,
    period: Period,
) -> Response:
    values = asdict(period)
    try:
        scope = period.scope(user)
    except FormInvalid as exc:
        context = admin_ctx(
            request, user, data=None, errors=exc.fields, message=exc.message, values=values, grains=queries.GRAINS
        )
        return render(request, "admin/stats.html", context, status=exc.status)
    data = report.dashboard(db, scope, local_today())
    context = admin_ctx(
        request,
        user,
        data=data,
        scope=scope,
        query=_query(scope),
        values={"start": scope.start.isoformat(), "end": scope.end.isoformat(), "grain": scope.grain},
        grains=queries.GRAINS,
        charts=report.CHARTS,
        errors={},
        message="",
    )
    return render(request, "admin/stats.html", context)


@router.get("/admin/stats/cases", response_class=HTMLResponse)
def drill_down(
    request: Request,
    db: SessionDep,
    user: StatsPage,
    period: Period,
    which: DrillDown,
) -> Response:
    """The cases behind one point of a chart (at most 200, newest first)."""
    scope = period.scope(user)
    rows = queries.case_list(db, scope, which, today=local_today())
    filters = {k: v for k, v in asdict(which).items() if v}
    context = admin_ctx(request, user, rows=rows, scope=scope, query=_query(scope), filters=filters)
    return render(request, "admin/stats_cases.html", context)


@router.get("/admin/stats.csv")
def stats_csv(
    db: SessionDep,
    user: StatsPage,
    period: Period,
    chart: Annotated[str, Query(max_length=32)] = "applications",
) -> Response:
    scope = period.scope(user)
    headers, rows = report.chart_rows(db, scope, local_today(), chart)
    return csv_download(f"stats-{chart}-{scope.start.isoformat()}-{scope.end.isoformat()}.csv", headers, rows)

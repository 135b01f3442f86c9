"""Every question the dashboard and the briefing ask of the figures and the stories, one function per question.

Each function takes a connection (a cursor from `queries.db.figures()`), the Viewer and the
filters, and returns a polars DataFrame. Values are always bound as parameters; the only SQL
that is assembled from pieces uses constants from this module.

Council viewers get disclosure control here, where the data is read, so no page can forget
it: they read the council's tables, whose counts are rounded at their finest grain
(etl/disclosure.py), and a count below `adc_settings.suppression_threshold()` is returned as
null, and so is a figure computed over such a count (via `n_basis`).

One module per subject: periods, catalog, figures (with council for disclosure control),
caseload, budget, decisions, loads (about the data), stories and peers. Import the package:
`queries.key_figures(...)`, whichever module holds it.
"""

from queries.budget import (
    budget_by_group,
    budget_by_taakveld,
    budget_quarter_for,
    budget_year_progress,
    series_taakvelden,
)
from queries.caseload import (
    caseload_by_team,
    norm_history,
    teams_over_norm,
)
from queries.catalog import (
    available_months,
    catalog_by_key,
    definition_history,
    metric_catalog,
    regelingen,
    taakvelden,
    teams,
    themes,
)
from queries.common import (
    ADDITIVE_METRICS,
    BUDGET_METRICS,
    CASELOAD_METRICS,
    DECISION_METRICS,
    OVERVIEW_METRICS,
    ROUNDING_BASE,
    metric_grain,
    threshold,
)
from queries.council import share_min_base  # the rest of council is the modules' own plumbing
from queries.decisions import (
    decision_summary_by_team,
    maatwerk_reasons,
    processing_time_distribution,
    processing_time_histogram,
)
from queries.figures import (
    CELL_KEYS,
    cell_values,
    chart_values_for_stories,
    current_values,
    key_figures,
    metric_by_team,
    metric_trend,
    scope_names,
    suppressed_cells,
)
from queries.loads import (
    briefing_sources,
    data_freshness,
    figures_loaded_at,
    load_run_files,
    load_run_messages,
    load_runs,
    source_files,
    table_documentation,
)
from queries.peers import (
    cbs_observations,
)
from queries.periods import (
    month_end,
    month_start,
    months_back,
    period_start,
    quarter_of,
)
from queries.stories import (
    BRIEF_COLUMNS,
    CHART_COLUMNS,
    HISTORY_EVENT_COLUMNS,
    HISTORY_VERSION_COLUMNS,
    SCOPE_COLUMNS,
    STORY_COLUMNS,
    figure_now,
    figure_periods,
    figure_scopes,
    full_rows,
    latest_returns,
    may_edit_story,
    may_see_history,
    may_withdraw_story,
    privacy_marks,
    privacy_marks_of,
    return_reasons,
    search_stories,
    story_coverage,
    story_history,
    team_roles,
    visible_stories,
    workload_stories,
)

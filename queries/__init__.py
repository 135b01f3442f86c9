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

from queries.common import (
    OVERVIEW_METRICS,
    DECISION_METRICS,
    BUDGET_METRICS,
    CASELOAD_METRICS,
    ADDITIVE_METRICS,
    ROUNDING_BASE,
    threshold,
    metric_grain,
)
from queries.council import share_min_base  # the rest of council is the modules' own plumbing
from queries.periods import (
    month_start,
    month_end,
    period_start,
    months_back,
    quarter_of,
)
from queries.catalog import (
    themes,
    teams,
    available_months,
    regelingen,
    taakvelden,
    metric_catalog,
    definition_history,
    catalog_by_key,
)
from queries.figures import (
    metric_trend,
    metric_by_team,
    key_figures,
    CELL_KEYS,
    cell_values,
    suppressed_cells,
    current_values,
    chart_values_for_stories,
    scope_names,
)
from queries.caseload import (
    caseload_by_team,
    teams_over_norm,
    norm_history,
)
from queries.budget import (
    series_taakvelden,
    budget_quarter_for,
    budget_by_group,
    budget_by_taakveld,
    budget_year_progress,
)
from queries.decisions import (
    decision_summary_by_team,
    processing_time_distribution,
    processing_time_histogram,
    maatwerk_reasons,
)
from queries.loads import (
    load_runs,
    load_run_files,
    load_run_messages,
    source_files,
    data_freshness,
    table_documentation,
    briefing_sources,
    figures_loaded_at,
)
from queries.stories import (
    STORY_COLUMNS,
    BRIEF_COLUMNS,
    visible_stories,
    full_rows,
    search_stories,
    workload_stories,
    story_coverage,
    SCOPE_COLUMNS,
    figure_periods,
    figure_scopes,
    figure_now,
    team_roles,
    HISTORY_VERSION_COLUMNS,
    HISTORY_EVENT_COLUMNS,
    story_history,
    return_reasons,
    latest_returns,
    privacy_marks,
    privacy_marks_of,
)
from queries.peers import (
    cbs_observations,
)

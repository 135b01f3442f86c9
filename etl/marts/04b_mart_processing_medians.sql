-- Median processing time per kind of period, period, theme and (optionally) team and regeling:
-- the decision figures' processing_time (05_mart_metric_values). A median does not add up, so
-- every grain and scope needs its own; the council's figures (etl/disclosure.py), which are
-- computed from rounded counts, use the very same medians.
--
-- Filled by etl/medians.py from the day counts of 04a (request_days): the median of a few
-- hundred days per group is found by counting, not by sorting two million requests twelve
-- ways (three grains, four scopes), which took 0.8 s of a city's build.
create table mart_processing_medians (
    grain varchar,
    period_start date,
    theme_code varchar,
    team_code varchar,
    regeling_code varchar,
    median_processing_days double
);

comment on table mart_processing_medians is 'Mediane doorlooptijd per soort periode, periode, thema, team en regeling.';
comment on column mart_processing_medians.grain is 'Soort periode: month, quarter of year.';
comment on column mart_processing_medians.period_start is 'Eerste dag van de periode.';
comment on column mart_processing_medians.theme_code is 'Thema.';
comment on column mart_processing_medians.team_code is 'Team (leeg: alle teams).';
comment on column mart_processing_medians.regeling_code is 'Regeling (leeg: alle regelingen).';
comment on column mart_processing_medians.median_processing_days is 'Mediaan van de dagen tussen aanvraag en besluit.';

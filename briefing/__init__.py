"""The committee briefing (commissiebriefing): one theme, one peilmaand, the chosen figures with
the published stories beside them, questions for the committee and an appendix of sources.

`content` assembles what goes in (pure, from queries); `pdf` and `markdown` render the
same content as a document; `export` records every export in the audit log.
"""

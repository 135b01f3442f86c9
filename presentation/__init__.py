"""What the dashboard and the briefing both say and draw: Dutch labels, tile and story texts,
Altair charts. Pure functions without Streamlit, so the briefing can use them too."""

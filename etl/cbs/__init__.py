"""CBS StatLine open data (OData v4): the tables we compare on, a fetching client and the snapshot source."""

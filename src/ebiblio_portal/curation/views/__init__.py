"""The curation views: staff pages under /hallinta (a municipality's and the national ones) and public pages."""

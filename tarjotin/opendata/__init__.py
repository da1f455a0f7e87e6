"""Open data: HSDS 3.0 export and import of the published tray."""

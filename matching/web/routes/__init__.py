"""The workbench's page routes, one module per area."""

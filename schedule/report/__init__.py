"""The KPI report: measures looked back over a history and its plan files, their
definitions, the charts and the self-contained HTML page."""

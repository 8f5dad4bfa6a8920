"""connector_lab.widgets — the ipywidgets forms over the engine (installed from ``widgets/``)."""

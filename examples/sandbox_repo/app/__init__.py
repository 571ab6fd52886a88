"""The application layer: command line, configuration, reports and exports."""

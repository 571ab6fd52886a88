"""Maintenance tools that are not wired into the command line yet."""

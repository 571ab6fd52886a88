"""Helpers shared by the application (package a)."""

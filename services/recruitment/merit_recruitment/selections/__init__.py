"""Selections area of the recruitment service."""

"""Announcements area of the recruitment service."""

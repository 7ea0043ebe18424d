"""Recruitment's daily job: a registration that ended with too few applicants is extended the day after its end."""

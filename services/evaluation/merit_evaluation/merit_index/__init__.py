"""The merit-system index (issue #14): indicators of the three services mapped onto the KASN aspects, levels and
score by agency policy, declared aspects, trend, export, and closed years frozen with their hash."""

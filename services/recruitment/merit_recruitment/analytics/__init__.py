"""Analytics area of the recruitment service."""

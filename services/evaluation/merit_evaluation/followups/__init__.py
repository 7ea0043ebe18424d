"""Follow-up of final ratings and talent placements: rewards and coaching plans (pembinaan), tracked to closure."""

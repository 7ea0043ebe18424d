"""audit area: the agency admin reads the evaluation audit trail."""
